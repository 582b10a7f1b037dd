package org.linkback.audit;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

import org.linkback.store.Database;

/**
 * The audit log, in the {@code audit} table: kept for {@code retention}, read newest first.
 */
public final class AuditLog {

    private final Jdbi jdbi;
    private final Duration retention;
    private volatile Instant nextPurge = Instant.EPOCH;

    public AuditLog(Database database, Duration retention) {
        this.jdbi = database.jdbi();
        this.retention = retention;
    }

    public void record(AuditEntry e) {
        Instant now = Instant.now();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO audit (happened_at, actor, action, mention_id, kind, source, target, client_ip, "
                                           + "old_status, new_status, detail) VALUES (:at, :actor, :action, :mentionId, :kind, "
                                           + ":source, :target, :clientIp, :oldStatus, :newStatus, :detail)")
                .bind("at", Timestamp.from(now))
                .bind("actor", e.actor())
                .bind("action", e.action())
                .bind("mentionId", e.mentionId())
                .bind("kind", e.kind())
                .bind("source", cut(e.source(), 2048))
                .bind("target", cut(e.target(), 2048))
                .bind("clientIp", e.clientIp())
                .bind("oldStatus", e.oldStatus())
                .bind("newStatus", e.newStatus())
                .bind("detail", cut(e.detail(), 1000))
                .execute());
        if (now.isAfter(nextPurge)) {
            nextPurge = now.plus(Duration.ofHours(1));
            purgeBefore(now.minus(retention));
        }
    }

    /**
     * One page of the log, newest first.
     *
     * @param beforeId cursor: only entries with a smaller id, or null for the newest
     * @param action   only this action, or null
     * @param mentionId only entries about this backlink, or null
     */
    public List<AuditEntry> list(Long beforeId, String action, Long mentionId, int limit) {
        return jdbi.withHandle(h -> {
            String where = "WHERE 1 = 1" + (beforeId == null ? "" : " AND id < :before")
                           + (action == null ? "" : " AND action = :action")
                           + (mentionId == null ? "" : " AND mention_id = :mention");
            Query query = h.createQuery("SELECT * FROM audit " + where + " ORDER BY id DESC FETCH FIRST :limit ROWS ONLY")
                    .bind("limit", limit);
            if (beforeId != null) {
                query.bind("before", beforeId);
            }
            if (action != null) {
                query.bind("action", action);
            }
            if (mentionId != null) {
                query.bind("mention", mentionId);
            }
            return query.map((rs, ctx) -> new AuditEntry(rs.getLong("id"),
                                                         rs.getTimestamp("happened_at").toInstant(),
                                                         rs.getString("actor"),
                                                         rs.getString("action"),
                                                         (Long) rs.getObject("mention_id", Long.class),
                                                         rs.getString("kind"),
                                                         rs.getString("source"),
                                                         rs.getString("target"),
                                                         rs.getString("client_ip"),
                                                         rs.getString("old_status"),
                                                         rs.getString("new_status"),
                                                         rs.getString("detail")))
                    .list();
        });
    }

    private void purgeBefore(Instant cutoff) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM audit WHERE happened_at < :cutoff").bind("cutoff", Timestamp.from(cutoff)).execute());
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
