/**
 * The admin page and its JSON API: moderation, blocklist, audit log, overview, outbound links, webhook deliveries.
 * Changes backlinks only through backlink/Backlinks; may use audit, backlink, config, http, send, spam, store, transfer, webhook.
 */
package org.linkback.admin;
