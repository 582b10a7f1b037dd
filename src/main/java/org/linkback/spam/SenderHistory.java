package org.linkback.spam;

import java.sql.Timestamp;
import java.time.Instant;

import org.linkback.store.Database;
import org.linkback.store.ModerationStatus;

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
        return database.read(h -> {
            int hosts = h.createQuery("SELECT COUNT(DISTINCT source_host) AS hosts, "
                                      + "COALESCE(SUM(CASE WHEN source_host = :host THEN 1 ELSE 0 END), 0) AS own "
                                      + "FROM (SELECT source_host FROM mention WHERE client_ip = :ip AND received_at > :since "
                                      + "FETCH FIRST " + RECENT_SAMPLE + " ROWS ONLY) AS recent")
                    .bind("ip", clientIp)
                    .bind("host", sourceHost)
                    .bind("since", Timestamp.from(since))
                    .map((rs, ctx) -> rs.getInt("hosts") + (rs.getInt("own") == 0 ? 1 : 0))
                    .one();
            int spam = h.createQuery("SELECT COUNT(*) FROM (SELECT 1 FROM mention WHERE source_host = :host AND status = :spam "
                                     + "AND received_at > :since FETCH FIRST 30 ROWS ONLY) AS recent")
                    .bind("host", sourceHost)
                    .bind("since", Timestamp.from(since))
                    .bind("spam", ModerationStatus.SPAM.id())
                    .mapTo(Integer.class)
                    .one();
            return new RecentActivity(hosts, spam);
        });
    }
}
