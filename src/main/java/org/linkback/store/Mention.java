package org.linkback.store;

import java.time.Instant;

/**
 * A link from another page ({@code source}) to one of our articles ({@code target}).
 * Title, excerpt and author came from the remote page: escape them wherever they are shown.
 */
public record Mention(long id,
                      Kind kind,
                      String source,
                      String target,
                      String site,
                      Status status,
                      String title,
                      String excerpt,
                      String author,
                      String clientIp,
                      Instant receivedAt,
                      Instant verifiedAt,
                      Instant updatedAt) {

    /**
     * A verified link about to be stored; the database assigns id and times.
     */
    public record New(Kind kind, String source, String target, String site, Status status,
                      String title, String excerpt, String author, String clientIp) {
    }
}
