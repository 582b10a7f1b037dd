package org.linkback.spam;

/**
 * What recent backlinks say about a new one's sender, for the burst rule.
 *
 * @param sourceHostsFromClientIp different source hosts among the recent backlinks from the client IP
 * @param spamFromSourceHost      recent backlinks from the same source host that are spam
 */
public record RecentActivity(int sourceHostsFromClientIp, int spamFromSourceHost) {

    public static final RecentActivity NONE = new RecentActivity(0, 0);
}
