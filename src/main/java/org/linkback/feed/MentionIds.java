package org.linkback.feed;

import org.linkback.store.Mention;

/**
 * Stable, globally unique entry ids for backlinks (RFC 4151 tag URIs).
 */
final class MentionIds {

    private MentionIds() {
    }

    static String tagUri(Mention m) {
        return "tag:linkback," + m.receivedAt().toString().substring(0, 10) + ":mention/" + m.id();
    }
}
