/**
 * The snippets a site owner pastes into an article so that blogs find our endpoints.
 * May use activitypub (where an article's object lives), config, fetch, http, text, url and verify.
 */
package org.linkback.discovery;
