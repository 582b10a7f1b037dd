package org.linkback.audit;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

import org.linkback.store.Database;

/**
 * The audit log, in the {@code audit} table: kept for {@code retention}, read newest first.
 *
 * <p>Entries that go with a change of data are written in the caller's transaction
 * ({@link #record}). Entries for refused pings change nothing else, so they wait in memory and
 * are written in batches ({@link #recordSoon}): a flood of refused pings costs one disk sync per
 * batch, not one per ping. Reading the log writes what is waiting first.
 */
public final class AuditLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());
    private static final int MAX_WAITING = 10_000;
    private static final Duration BATCH_EVERY = Duration.ofMillis(200);

    private final Jdbi jdbi;
    private final Duration retention;
    private final BlockingQueue<AuditEntry> waiting = new ArrayBlockingQueue<>(MAX_WAITING);
    private final Thread writer;
    private volatile Instant nextPurge = Instant.EPOCH;
    private volatile boolean open = true;

    public AuditLog(Database database, Duration retention) {
        this.jdbi = database.jdbi();
        this.retention = retention;
        this.writer = Thread.ofVirtual().name("audit-writer").start(this::writeBatches);
    }

    /** Writes an entry now, in the caller's transaction if it has one. */
    public void record(AuditEntry e) {
        Instant now = Instant.now();
        jdbi.useHandle(h -> insert(h, e, now));
        purgeNowAndThen(now);
    }

    /**
     * Writes an entry with the next batch, within {@code BATCH_EVERY}. When 10,000 entries are
     * already waiting (a flood), the entry is dropped and counted in {@code linkback_audit_dropped}.
     */
    public void recordSoon(AuditEntry e) {
        AuditEntry stamped = new AuditEntry(0, Instant.now(), e.actor(), e.action(), e.mentionId(), e.kind(), e.source(),
                                            e.target(), e.clientIp(), e.oldStatus(), e.newStatus(), e.detail());
        if (!waiting.offer(stamped)) {
            Services.get(MeterRegistry.class).getOrCreate(Counter.builder("linkback.audit.dropped")).increment();
        }
    }

    /** Writes every waiting entry now, in one transaction. */
    public synchronized void flush() {
        List<AuditEntry> batch = new ArrayList<>();
        waiting.drainTo(batch);
        if (!batch.isEmpty()) {
            jdbi.useTransaction(h -> batch.forEach(e -> insert(h, e, e.at())));
            purgeNowAndThen(Instant.now());
        }
    }

    /** Removes entries older than the retention, at most once an hour. */
    private void purgeNowAndThen(Instant now) {
        if (now.isAfter(nextPurge)) {
            nextPurge = now.plus(Duration.ofHours(1));
            purgeBefore(now.minus(retention));
        }
    }

    private void writeBatches() {
        while (open) {
            try {
                Thread.sleep(BATCH_EVERY);
                flush();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not write audit entries", e);
            }
        }
    }

    private static void insert(Handle h, AuditEntry e, Instant at) {
        h.createUpdate("INSERT INTO audit (happened_at, actor, action, mention_id, kind, source, target, client_ip, "
                       + "old_status, new_status, detail) VALUES (:at, :actor, :action, :mentionId, :kind, "
                       + ":source, :target, :clientIp, :oldStatus, :newStatus, :detail)")
                .bind("at", Timestamp.from(at))
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
                .execute();
    }

    /**
     * One page of the log, newest first.
     *
     * @param beforeId cursor: only entries with a smaller id, or null for the newest
     * @param action   only this action, or null
     * @param mentionId only entries about this backlink, or null
     */
    public List<AuditEntry> list(Long beforeId, String action, Long mentionId, int limit) {
        flush();
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

    /** Stops the batch writer and writes what is waiting. */
    @Override
    public void close() {
        open = false;
        writer.interrupt();
        try {
            writer.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
