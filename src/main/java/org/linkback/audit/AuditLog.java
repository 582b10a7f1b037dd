package org.linkback.audit;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

import org.linkback.store.Database;
import org.linkback.task.BackgroundTask;
import org.linkback.text.Text;

/**
 * The audit log, in the {@code audit} table: kept for {@code retention}, read newest first.
 *
 * <p>Entries that go with a change of data are written in the caller's unit of work
 * ({@link #record}), so they commit with the change. Entries for refused pings change nothing
 * else, so they wait in memory and are written in batches ({@link #recordSoon}) by the log's own
 * writer thread: a flood of refused pings costs one disk sync per batch, not one per ping. The
 * same thread removes entries past the retention, hourly. Reading the log writes what is waiting
 * first. {@link #start()} starts the writer, {@link #close()} stops it and writes what waits.
 */
public final class AuditLog implements AutoCloseable {

    private static final int MAX_WAITING = 10_000;
    private static final Duration BATCH_EVERY = Duration.ofMillis(200);

    private final Database database;
    private final Duration retention;
    private final UnaryOperator<String> siteOfTarget;
    private final BlockingQueue<AuditEntry> waiting = new ArrayBlockingQueue<>(MAX_WAITING);
    private final BackgroundTask writer;
    private Instant nextPurge = Instant.EPOCH; // the writer thread's own

    public AuditLog(Database database, Duration retention) {
        this(database, retention, target -> null);
    }

    /** @param siteOfTarget the name of the site a target URL (as a ping gave it) lies on, or null */
    public AuditLog(Database database, Duration retention, UnaryOperator<String> siteOfTarget) {
        this.database = database;
        this.retention = retention;
        this.siteOfTarget = siteOfTarget;
        this.writer = BackgroundTask.of("audit-writer", BATCH_EVERY, "could not write audit entries", () -> {
            flush();
            purgeHourly();
        });
    }

    /** Starts the writer thread that writes batches and purges old entries. */
    public AuditLog start() {
        writer.start();
        return this;
    }

    /** Writes an entry in the caller's unit of work: it commits with the change it records. */
    public void record(Handle h, AuditEntry e) {
        insert(h, e, Instant.now());
    }

    /**
     * Writes an entry with the next batch, within {@code BATCH_EVERY}. When 10,000 entries are
     * already waiting (a flood), the entry is dropped and counted in {@code linkback_audit_dropped}.
     */
    public void recordSoon(AuditEntry e) {
        AuditEntry stamped = new AuditEntry(0, Instant.now(), e.actor(), e.action(), e.mentionId(), e.kind(), e.source(),
                                            e.target(), e.clientIp(), e.oldStatus(), e.newStatus(), e.detail(), e.reason(), e.site());
        if (!waiting.offer(stamped)) {
            Services.get(MeterRegistry.class).getOrCreate(Counter.builder("linkback.audit.dropped")).increment();
        }
    }

    /** Writes every waiting entry now, in one transaction. */
    public synchronized void flush() {
        List<AuditEntry> batch = new ArrayList<>();
        waiting.drainTo(batch);
        if (!batch.isEmpty()) {
            database.useTransaction(h -> batch.forEach(e -> insert(h, e, e.at())));
        }
    }

    /** Removes entries older than the retention, at most once an hour. */
    private void purgeHourly() {
        Instant now = Instant.now();
        if (now.isAfter(nextPurge)) {
            nextPurge = now.plus(Duration.ofHours(1));
            Timestamp cutoff = Timestamp.from(now.minus(retention));
            database.read(h -> h.createUpdate("DELETE FROM audit WHERE happened_at < :cutoff").bind("cutoff", cutoff).execute());
        }
    }

    private void insert(Handle h, AuditEntry e, Instant at) {
        String site = e.site() != null ? e.site() : e.target() == null ? null : siteOfTarget.apply(e.target());
        h.createUpdate("INSERT INTO audit (happened_at, actor, action, mention_id, kind, source, target, client_ip, "
                       + "old_status, new_status, detail, reason, site) VALUES (:at, :actor, :action, :mentionId, :kind, "
                       + ":source, :target, :clientIp, :oldStatus, :newStatus, :detail, :reason, :site)")
                .bind("site", site)
                .bind("at", Timestamp.from(at))
                .bind("actor", e.actor())
                .bind("action", e.action())
                .bind("mentionId", e.mentionId())
                .bind("kind", e.kind())
                .bind("source", Text.cut(e.source(), 2048))
                .bind("target", Text.cut(e.target(), 2048))
                .bind("clientIp", e.clientIp())
                .bind("oldStatus", e.oldStatus())
                .bind("newStatus", e.newStatus())
                .bind("detail", Text.cut(e.detail(), 1000))
                .bind("reason", e.reason())
                .execute();
    }

    /**
     * One page of the log, newest first.
     *
     * @param beforeId cursor: only entries with a smaller id, or null for the newest
     * @param action   only this action, or null
     * @param mentionId only entries about this backlink, or null
     * @param site     only entries about this site, or null for all
     */
    public List<AuditEntry> list(Long beforeId, String action, Long mentionId, String site, int limit) {
        flush();
        return database.read(h -> {
            String where = "WHERE 1 = 1" + (beforeId == null ? "" : " AND id < :before")
                           + (site == null ? "" : " AND site = :site")
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
            if (site != null) {
                query.bind("site", site);
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
                                                         rs.getString("detail"),
                                                         rs.getString("reason"),
                                                         rs.getString("site")))
                    .list();
        });
    }

    /** Stops the batch writer and writes what is waiting. */
    @Override
    public void close() {
        writer.close();
        flush();
    }
}
