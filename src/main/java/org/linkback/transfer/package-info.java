/**
 * ./linkback export and import: JSON lines per table with counts and checksums; WordPress and webmention.io imports.
 * Stores backlinks only through backlink/Backlinks; may use audit, backlink, config, feed, http, mf2, queue, send, site, store, text, url.
 */
package org.linkback.transfer;
