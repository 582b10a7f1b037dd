/**
 * The Pingback 1.0 endpoint on XML-RPC: parses the call, hands it to receive, answers faults.
 * A protocol adapter: may use backlink (read), feed, http, receive, text and xml; never the database.
 */
package org.linkback.pingback;
