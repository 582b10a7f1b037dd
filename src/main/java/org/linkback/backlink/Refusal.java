package org.linkback.backlink;

import java.util.Locale;

/**
 * Why a ping was not accepted, or why a check of a stored backlink failed: typed from where it
 * arises to where it is answered (each protocol maps these to its own error format; pingback
 * fault codes follow the names here), stored ({@code mention.reason_code}, {@code audit.reason}),
 * counted and shown. The words that go with it are for people only.
 */
public enum Refusal {
    /** Anything else, e.g. source and target are the same page. */
    GENERIC,
    /** The source cannot be fetched: unknown host, not public, not http(s), too many redirects, an error status. */
    SOURCE_NOT_FOUND,
    /** The source answers 404 or 410: for a known backlink, the link is gone. */
    SOURCE_GONE,
    /** The source does not link to the target. */
    NO_LINK,
    /** The target answers 404 or 410. */
    TARGET_NOT_FOUND,
    /** The target is not an article of a configured site. */
    TARGET_NOT_SUPPORTED,
    /** The (source, target) pair is registered already. */
    ALREADY_REGISTERED,
    /** Too many pings from one client IP. */
    ACCESS_DENIED,
    /** The source host is on the blocklist. */
    BLOCKED,
    /** The source or target server timed out or answered 5xx: worth trying again. */
    UPSTREAM_ERROR,
    /** A queued check met {@link #UPSTREAM_ERROR} at every attempt and was settled for good. */
    GAVE_UP;

    /** The code stored and shown: lower case with dashes ({@code no-link}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The refusal of a stored code, or null for none (or one this version does not know). */
    public static Refusal fromId(String id) {
        for (Refusal refusal : values()) {
            if (refusal.id().equals(id)) {
                return refusal;
            }
        }
        return null;
    }
}
