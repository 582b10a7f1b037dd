package org.linkback.backlink;

import java.util.Locale;

/**
 * What the last check of a backlink's source found: whether the page links to the target.
 * Pingbacks and TrackBacks are checked before we answer, so they are stored {@link #VERIFIED};
 * webmentions start {@link #PENDING} and are checked by the verification queue.
 *
 * <p>It differs from {@link ModerationStatus}, which says who may see the backlink (the verdict
 * of the spam rules or a moderator). {@code receive/Lifecycle} decides how both change.
 */
public enum CheckState {
    /** Not checked yet (or a re-check is running for a new mention). */
    PENDING,
    /** The source links to the target. */
    VERIFIED,
    /** The check failed for good: no link, no such page, an unusable target. */
    REJECTED,
    /** Was verified, but the source is gone (404/410) or no longer links. */
    DELETED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CheckState fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
