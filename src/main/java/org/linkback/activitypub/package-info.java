/**
 * The fediverse: every site an ActivityPub actor (WebFinger, actor document, key), inboxes that
 * take signed replies, likes and boosts as backlinks, and its articles published to its followers.
 * May use backlink, config, fetch, http, mf2, queue, receive, send, spam, store, text and url.
 */
package org.linkback.activitypub;
