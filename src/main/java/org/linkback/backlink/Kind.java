package org.linkback.backlink;

import java.util.Locale;

/**
 * The protocol a backlink arrived by.
 */
public enum Kind {
    PINGBACK, TRACKBACK, WEBMENTION;

    /** The lower-case name used in JSON, feeds and the database. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Kind fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
