package org.linkback.store;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A task that must run in one process at a time when several share the database (the
 * re-verification sweep, the feed watcher): a row of {@code cluster_lease} names the process
 * that holds it and until when. The holder renews it each time it works ({@link #hold}); when it
 * stops renewing (stopped, or died), another process takes it over once it has expired.
 * Each process's clock decides "expired", as for the job queue's leases: keep clocks in sync.
 */
public final class ClusterLease {

    private final Database database;
    private final String task;
    private final Duration term;
    private final Clock clock;
    private final String owner = "process-" + UUID.randomUUID();

    /**
     * @param task what the lease is for, e.g. {@code "sweep"}
     * @param term how long a hold lasts without renewal: longer than the holder's pause between turns
     */
    public ClusterLease(Database database, String task, Duration term) {
        this(database, task, term, Clock.systemUTC());
    }

    /** {@link #ClusterLease(Database, String, Duration)} on this clock: it decides when a hold has expired. */
    public ClusterLease(Database database, String task, Duration term, Clock clock) {
        this.database = database;
        this.task = task;
        this.term = term;
        this.clock = clock;
    }

    /** True when this process holds the lease now, taken or renewed for another term; false when another does. */
    public boolean hold() {
        Instant now = clock.instant();
        Timestamp until = Timestamp.from(now.plus(term));
        return database.inTransaction(h -> {
            int renewed = h.createUpdate("UPDATE cluster_lease SET owner = :owner, lease_until = :until "
                                         + "WHERE task = :task AND (owner = :owner OR lease_until < :now)")
                    .bind("owner", owner)
                    .bind("until", until)
                    .bind("task", task)
                    .bind("now", Timestamp.from(now))
                    .execute();
            return renewed == 1
                   || database.dialect().insertUnlessTaken(h, "INSERT INTO cluster_lease (task, owner, lease_until) "
                                                              + "VALUES (:task, :owner, :until)", "task",
                                                           insert -> insert.bind("task", task)
                                                                   .bind("owner", owner)
                                                                   .bind("until", until)) == 1;
        });
    }

    /** Gives the lease up (a clean stop), so another process takes the task over at once. */
    public void release() {
        database.useTransaction(h -> h.createUpdate("DELETE FROM cluster_lease WHERE task = :task AND owner = :owner")
                .bind("task", task)
                .bind("owner", owner)
                .execute());
    }
}
