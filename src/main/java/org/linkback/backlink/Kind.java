package org.linkback.backlink;

import java.util.Locale;

/**
 * The protocol a backlink arrived by.
 */
public enum Kind {
    PINGBACK, TRACKBACK, WEBMENTION,
    /** A reply, like or boost from the fediverse: an activity signed by its actor, sent to a site's inbox. */
    ACTIVITYPUB;

    /** The lower-case name used in JSON, feeds and the database. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Kind fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
