/**
 * The admin page and its JSON API: sites and owner tokens, moderation, blocklists, audit log, overview, outbound links,
 * webhook deliveries; every request is the admin's (all sites) or a site owner's (their site only), see Access.
 * Changes backlinks only through backlink/Backlinks; may use audit, backlink, config, http, send, site, spam, store, text, transfer,
 * url, webhook.
 */
package org.linkback.admin;
