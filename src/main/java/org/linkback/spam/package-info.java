/**
 * Spam rules as pure classes, the scorer, sender history and the blocklist.
 * May use backlink (read), store and url.
 */
package org.linkback.spam;
