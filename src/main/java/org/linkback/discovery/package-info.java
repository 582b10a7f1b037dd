/**
 * The snippets a site owner pastes into an article so that blogs find our endpoints.
 * May use config, fetch, http, text, url and verify.
 */
package org.linkback.discovery;
