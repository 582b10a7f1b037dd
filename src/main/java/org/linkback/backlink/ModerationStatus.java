package org.linkback.backlink;

import java.util.Locale;

/**
 * Who may see a backlink: the moderation verdict, set by the spam score, the site's default or a
 * moderator. Only {@link #APPROVED} backlinks are public.
 *
 * <p>It differs from {@link CheckState}, which says what the last check of the source page
 * found (does it link to us?). A backlink can be verified and spam, or approved once and later
 * deleted because its source dropped the link. {@code receive/Lifecycle} decides how both change.
 */
public enum ModerationStatus {
    PENDING, APPROVED, SPAM, REJECTED, DELETED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ModerationStatus fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
