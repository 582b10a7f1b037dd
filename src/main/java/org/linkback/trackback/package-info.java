/**
 * The TrackBack endpoint: form POST in, <error>0|1</error> out, and an article's TrackBack RSS.
 * A protocol adapter: may use backlink (read), feed, http, receive and text; never the database.
 */
package org.linkback.trackback;
