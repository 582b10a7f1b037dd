/**
 * The W3C Webmention endpoint and the status URL of each webmention.
 * A protocol adapter: may use backlink (read), http and receive; never the database.
 */
package org.linkback.webmention;
