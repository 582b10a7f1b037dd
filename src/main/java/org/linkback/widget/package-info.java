/**
 * The embeddable widget script and the /embed page of an article's backlinks.
 * May use backlink (read), feed, http, mf2 and url.
 */
package org.linkback.widget;
