package org.linkback.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.hsqldb.Session;
import org.hsqldb.jdbc.JDBCConnection;

/**
 * Group commit for the embedded HSQLDB: commits write their log records without waiting for the
 * disk, and each unit of work, once committed, waits for one log sync that covers it. One thread
 * syncs while the others that committed meanwhile wait and are all covered by the next sync, so
 * thirty concurrent pings cost a few disk syncs instead of thirty, and none is answered before
 * its commit is on disk (acknowledged = durable, as with HSQLDB's own sync on every commit).
 *
 * <p>HSQLDB has no SQL statement that only syncs its log, so this calls its logger directly
 * ({@code Database.logger.synchLog()}, public API of the engine's classes). The engine's database is
 * found once, through a connection; waiting needs none, so a unit of work gives its pooled
 * connection back before it waits (ten connections held through syncs made every other read and
 * write wait for one: {@code bench ingest one-host}, 2026-12-06).
 */
final class GroupCommit {

    private final org.hsqldb.Database engine;

    /** @param connection any connection to the embedded database whose log this syncs */
    GroupCommit(Connection connection) {
        try {
            this.engine = ((Session) connection.unwrap(JDBCConnection.class).getSession()).getDatabase();
        } catch (SQLException e) {
            throw new IllegalStateException("not an embedded HSQLDB connection", e);
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition synced = lock.newCondition();
    /** Units of work that asked to be made durable so far, and the number the last sync covered. */
    private long requested;
    private long covered;
    private boolean syncing;

    /**
     * Returns once everything committed before the call is on disk.
     */
    void awaitDurable() {
        lock.lock();
        try {
            long ticket = ++requested;
            while (covered < ticket) {
                if (syncing) {
                    try {
                        synced.await();
                    } catch (InterruptedException e) {
                        // stopping: the caller is told its work is not known to be durable (not acknowledged)
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted before the commit was known to be on disk", e);
                    }
                    continue;
                }
                syncing = true;
                long covering = requested; // every ticket up to here committed before this sync starts
                boolean done = false;
                lock.unlock();
                try {
                    engine.logger.synchLog();
                    done = true;
                } finally {
                    lock.lock();
                    syncing = false;
                    if (done) {
                        covered = Math.max(covered, covering);
                    }
                    synced.signalAll(); // after a failure the next waiter tries again
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
