package org.linkback.receive;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jdbi.v3.core.Handle;

import org.linkback.backlink.Backlinks;
import org.linkback.backlink.CheckState;
import org.linkback.backlink.ModerationStatus;
import org.linkback.queue.JobQueue;
import org.linkback.store.ClusterLease;
import org.linkback.store.Database;
import org.linkback.task.BackgroundTask;

/**
 * The re-verification sweep: link rot is real. Every approved backlink is checked again once per
 * {@code interval}, spread out (a few at a time, the ones swept longest ago first) and at the
 * lowest priority of the fair queue, so it never delays a sender. {@link Recheck} decides what
 * a sweep's answer means. {@link #start()} starts it, {@link #close()} stops it.
 *
 * <p>When several processes share the database, one of them sweeps: the one holding the
 * {@code sweep} {@link ClusterLease}.
 */
public final class Sweep implements AutoCloseable {

    /** Backlinks queued per tick. */
    private static final int BATCH = 20;

    private final Database database;
    private final Backlinks backlinks;
    private final JobQueue queue;
    private final Duration interval;
    private final Clock clock;
    private final BackgroundTask ticker;

    /** @param clock decides which backlinks are due, and the sweep's lease */
    public Sweep(Database database, Backlinks backlinks, JobQueue queue, Duration interval, Clock clock) {
        this.database = database;
        this.clock = clock;
        this.backlinks = backlinks;
        this.queue = queue;
        this.interval = interval;
        // a tenth of the interval between ticks (at least 50 ms, at most 10 minutes): the work spreads out
        Duration pause = Duration.ofMillis(Math.max(50, Math.min(interval.toMillis() / 10, Duration.ofMinutes(10).toMillis())));
        // the lease is held across ticks; after a crash another process sweeps once it expires
        this.ticker = BackgroundTask.leased("reverification-sweep", pause, "re-verification sweep failed",
                                            new ClusterLease(database, "sweep", pause.multipliedBy(3).plusSeconds(30), clock),
                                            this::queueDue);
    }

    public Sweep start() {
        if (interval.isPositive()) {
            ticker.start();
        }
        return this;
    }

    private record Due(long id, String sourceHost, Timestamp lastChecked) {
    }

    /**
     * Queues the verified, approved backlinks whose source was last checked longer ago than the
     * interval, oldest first; rows from before last_swept_at meant "last checked" (NULL) come first.
     */
    int queueDue() {
        Instant due = clock.instant().minus(interval);
        return database.inTransaction(h -> {
            List<Due> rows = new ArrayList<>(oldest(h, "IS NULL"));
            if (rows.size() < BATCH) { // (the NULL rows sort first: skipping them would mean reading them all)
                // the oldest checked ones, read from the start of the index; only those past due count
                // (a range condition here made HSQLDB read every approved row when none was due)
                oldest(h, "IS NOT NULL").stream()
                        .filter(row -> row.lastChecked().toInstant().isBefore(due))
                        .limit(BATCH - rows.size())
                        .forEach(rows::add);
            }
            for (Due row : rows) {
                backlinks.swept(h, row.id());
                queue.enqueue(h, row.id(), null, row.sourceHost(), JobQueue.PRIORITY_SWEEP);
            }
            return rows.size();
        });
    }

    /** Ordered by the whole index on (status, verification, last_swept_at): at most a batch of rows read, no sort. */
    private static List<Due> oldest(Handle h, String lastChecked) {
        return h.createQuery("SELECT id, source_host, last_swept_at FROM mention WHERE status = :approved AND verification = :verified "
                             + "AND last_swept_at " + lastChecked + " ORDER BY status, verification, last_swept_at FETCH FIRST "
                             + BATCH + " ROWS ONLY")
                .bind("approved", ModerationStatus.APPROVED.id())
                .bind("verified", CheckState.VERIFIED.id())
                .map((rs, ctx) -> new Due(rs.getLong("id"), rs.getString("source_host"), rs.getTimestamp("last_swept_at")))
                .list();
    }

    @Override
    public void close() {
        ticker.close();
    }
}
