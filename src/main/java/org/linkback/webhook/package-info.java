/**
 * Signed webhook events for every real change of a backlink (a BacklinkListener), delivered from the durable queue.
 * May use backlink, config, fetch, http, queue, store and text.
 */
package org.linkback.webhook;
