package org.linkback.spam;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.jdbi.v3.core.Handle;

import org.linkback.backlink.ModerationStatus;
import org.linkback.store.Database;

/**
 * What the recent backlinks say about a sender, for the burst rule: how many different source
 * hosts its client IP pinged for, and how many of the source host's backlinks are spam.
 */
public final class SenderHistory {

    /** Rows of a client IP's recent backlinks the host count looks at. */
    private static final int RECENT_SAMPLE = 200;

    private final Database database;

    public SenderHistory(Database database) {
        this.database = database;
    }

    /**
     * The sender's backlinks since a time. The host count (this host included) reads at most
     * {@value #RECENT_SAMPLE} rows of the window, and the spam count scans an index of spam rows
     * only, so both cost the same for a busy honest sender as for a quiet one.
     */
    public RecentActivity since(String clientIp, String sourceHost, Instant since) {
        return database.read(h -> new RecentActivity(hostsFrom(h, clientIp, sourceHost, since), spamFrom(h, sourceHost, since)));
    }

    /**
     * Only the source host's recent spam (an index of spam rows): what the burst rule needs when no
     * other rule found anything, since the host count only ever corroborates another finding.
     */
    public RecentActivity spamFromHost(String sourceHost, Instant since) {
        return database.read(h -> new RecentActivity(1, spamFrom(h, sourceHost, since)));
    }

    private static int hostsFrom(Handle h, String clientIp, String sourceHost, Instant since) {
        // counted here rather than in SQL: a plain range read of the index, no derived table to build
        Set<String> recentHosts = new HashSet<>(h.createQuery("SELECT source_host FROM mention WHERE client_ip = :ip "
                                                              + "AND received_at > :since FETCH FIRST " + RECENT_SAMPLE + " ROWS ONLY")
                .bind("ip", clientIp)
                .bind("since", Timestamp.from(since))
                .mapTo(String.class)
                .list());
        recentHosts.add(sourceHost);
        return recentHosts.size();
    }

    private static int spamFrom(Handle h, String sourceHost, Instant since) {
        return h.createQuery("SELECT COUNT(*) FROM (SELECT 1 FROM mention WHERE source_host = :host AND status = :spam "
                             + "AND received_at > :since FETCH FIRST 30 ROWS ONLY) AS recent")
                .bind("host", sourceHost)
                .bind("since", Timestamp.from(since))
                .bind("spam", ModerationStatus.SPAM.id())
                .mapTo(Integer.class)
                .one();
    }
}
