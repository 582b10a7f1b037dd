package org.linkback.store;

import java.util.Locale;

/**
 * Moderation state of a backlink; only {@link #APPROVED} ones are public.
 */
public enum Status {
    PENDING, APPROVED, SPAM, REJECTED, DELETED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Status fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
