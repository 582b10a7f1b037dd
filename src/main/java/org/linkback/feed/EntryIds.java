package org.linkback.feed;

import org.linkback.backlink.Backlink;

/**
 * Stable, globally unique entry ids for backlinks (RFC 4151 tag URIs).
 */
final class EntryIds {

    private EntryIds() {
    }

    static String tagUri(Backlink m) {
        return "tag:linkback," + m.receivedAt().toString().substring(0, 10) + ":mention/" + m.id();
    }
}
