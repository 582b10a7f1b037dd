package org.linkback.fetch;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How many fetches run at once, for fair use of other people's servers and of our own threads:
 * at most {@code perHost} to one host at a time and {@code total} in all; each also waits for its
 * host's turn ({@link HostPacer}: a fetch to a host at most every {@code interval}). A fetch
 * that cannot get a slot within the wait is refused as a passing failure (retried, for a webmention).
 */
final class FetchSlots {

    private final int perHost;
    private final HostPacer turns;
    private final Semaphore total;
    private final Map<String, Semaphore> hosts = new ConcurrentHashMap<>();

    FetchSlots(int total, int perHost, Duration interval) {
        this.total = new Semaphore(Math.max(1, total), true);
        this.perHost = Math.max(1, perHost);
        this.turns = new HostPacer(interval);
    }

    /** A taken slot; closing it gives it back. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    Slot acquire(String host, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        Semaphore forHost = hosts.computeIfAbsent(host, h -> new Semaphore(perHost, true));
        Slot slot = () -> release(host, forHost);
        try {
            if (!forHost.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new FetchException(FetchException.Failure.TIMEOUT, "too many fetches to " + host + " at once");
            }
            if (!total.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                forHost.release();
                throw new FetchException(FetchException.Failure.TIMEOUT, "too many fetches at once");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException(FetchException.Failure.TIMEOUT, "interrupted waiting to fetch from " + host);
        }
        try {
            turns.await(host);
        } catch (InterruptedException e) {
            slot.close(); // both permits are held here: give them back
            Thread.currentThread().interrupt();
            throw new FetchException(FetchException.Failure.TIMEOUT, "interrupted waiting to fetch from " + host);
        }
        return slot;
    }

    private void release(String host, Semaphore forHost) {
        total.release();
        forHost.release();
        // forget hosts nobody is fetching from, so the map does not grow with every host ever seen
        hosts.computeIfPresent(host, (h, s) -> s.availablePermits() == perHost ? null : s);
    }
}
