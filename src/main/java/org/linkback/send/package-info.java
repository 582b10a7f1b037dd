/**
 * Outgoing notifications for our own articles: endpoint discovery, webmention/pingback/TrackBack, retries, the feed watcher.
 * May use config, fetch, http, queue, site, spam, store, task, text, url, verify and xml.
 */
package org.linkback.send;
