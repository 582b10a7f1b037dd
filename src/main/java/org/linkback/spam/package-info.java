/**
 * Spam rules as pure classes, the scorer, sender history and the blocklist.
 * May use backlink (read), mf2 (what a page says), store and url.
 */
package org.linkback.spam;
