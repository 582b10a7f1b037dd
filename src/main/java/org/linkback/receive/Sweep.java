package org.linkback.receive;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.linkback.queue.JobQueue;
import org.linkback.store.Database;
import org.linkback.store.ModerationStatus;

/**
 * The re-verification sweep: link rot is real. Every approved backlink is checked again once per
 * {@code interval}, spread out (a few at a time, the ones swept longest ago first) and at the
 * lowest priority of the fair queue, so it never delays a sender. {@link Recheck} decides what
 * a sweep's answer means. {@link #start()} starts it, {@link #close()} stops it.
 */
public final class Sweep implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Sweep.class.getName());
    /** Backlinks queued per tick. */
    private static final int BATCH = 20;

    private final Database database;
    private final JobQueue queue;
    private final Duration interval;
    private Thread ticker;
    private volatile boolean open = true;

    public Sweep(Database database, JobQueue queue, Duration interval) {
        this.database = database;
        this.queue = queue;
        this.interval = interval;
    }

    public Sweep start() {
        if (interval.isPositive()) {
            ticker = Thread.ofVirtual().name("reverification-sweep").start(this::tick);
        }
        return this;
    }

    private void tick() {
        // a tenth of the interval between ticks (at least 50 ms, at most 10 minutes): the work spreads out
        Duration pause = Duration.ofMillis(Math.max(50, Math.min(interval.toMillis() / 10, Duration.ofMinutes(10).toMillis())));
        while (open) {
            try {
                queueDue();
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "re-verification sweep failed", e);
            }
        }
    }

    private record Due(long id, String sourceHost) {
    }

    /** Queues the approved backlinks whose last check (or sweep) is older than the interval. */
    int queueDue() {
        Timestamp now = Timestamp.from(Instant.now());
        Timestamp due = Timestamp.from(Instant.now().minus(interval));
        return database.inTransaction(h -> {
            List<Due> rows = h.createQuery("SELECT id, source_host FROM mention WHERE status = :approved "
                                           + "AND COALESCE(last_swept_at, verified_at) < :due "
                                           + "ORDER BY COALESCE(last_swept_at, verified_at) FETCH FIRST " + BATCH + " ROWS ONLY")
                    .bind("approved", ModerationStatus.APPROVED.id())
                    .bind("due", due)
                    .map((rs, ctx) -> new Due(rs.getLong("id"), rs.getString("source_host")))
                    .list();
            for (Due row : rows) {
                h.createUpdate("UPDATE mention SET last_swept_at = :now WHERE id = :id").bind("now", now).bind("id", row.id()).execute();
                queue.enqueue(h, row.id(), null, row.sourceHost(), JobQueue.PRIORITY_SWEEP);
            }
            return rows.size();
        });
    }

    @Override
    public void close() {
        open = false;
        if (ticker != null) {
            ticker.interrupt();
            try {
                ticker.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
