package org.linkback.testing;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.linkback.audit.AuditLog;
import org.linkback.backlink.Backlinks;
import org.linkback.feed.FeedVersions;
import org.linkback.store.Database;

/** The write path on a database a test opened itself (no server): feeds are told, webhooks are not configured. */
public final class TestBacklinks {

    private TestBacklinks() {
    }

    public static Backlinks on(Database database) {
        return new Backlinks(database, new AuditLog(database, Duration.ofDays(30)), Clock.systemUTC(),
                             List.of(new FeedVersions(database, Clock.systemUTC())));
    }
}
