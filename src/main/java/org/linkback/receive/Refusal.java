package org.linkback.receive;

/**
 * Why a ping was not accepted. Each protocol maps these to its own error format
 * (pingback fault codes follow the names here).
 */
public enum Refusal {
    /** Anything else, e.g. source and target are the same page. */
    GENERIC,
    /** The source cannot be fetched: unknown host, not public, not http(s), too many redirects. */
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
    /** The source or target server timed out or answered 5xx. */
    UPSTREAM_ERROR
}
