package org.linkback.fetch;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Fair use of other people's servers and of our own threads: at most {@code perHost} fetches to
 * one host at a time, a fetch to a host at most every {@code interval}, and at most {@code total}
 * fetches at all. A fetch that cannot get a slot
 * within the wait is refused as a passing failure (retried, for a webmention).
 */
final class HostSlots {

    private final int perHost;
    private final Duration interval;
    private final Semaphore total;
    private final Map<String, Semaphore> hosts = new ConcurrentHashMap<>();
    /** When each host may be fetched from next (for the minimum interval); forgotten a minute later. */
    private final Cache<String, Long> nextStart = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(1))
            .maximumSize(100_000)
            .build();

    HostSlots(int total, int perHost, Duration interval) {
        this.total = new Semaphore(Math.max(1, total), true);
        this.perHost = Math.max(1, perHost);
        this.interval = interval;
    }

    /** A taken slot; closing it gives it back. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /** Waits until the host's minimum interval since its last fetch has passed, and takes the turn. */
    private void awaitInterval(String host) throws InterruptedException {
        if (!interval.isPositive()) {
            return;
        }
        while (true) {
            long now = System.nanoTime();
            long[] wait = {0};
            nextStart.asMap().compute(host, (h, next) -> {
                if (next == null || next - now <= 0) {
                    return now + interval.toNanos();
                }
                wait[0] = next - now;
                return next;
            });
            if (wait[0] == 0) {
                return;
            }
            Thread.sleep(Duration.ofNanos(wait[0]));
        }
    }

    Slot acquire(String host, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        Semaphore forHost = hosts.computeIfAbsent(host, h -> new Semaphore(perHost, true));
        try {
            if (!forHost.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new FetchException(FetchException.Failure.TIMEOUT, "too many fetches to " + host + " at once");
            }
            if (!total.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                forHost.release();
                throw new FetchException(FetchException.Failure.TIMEOUT, "too many fetches at once");
            }
            awaitInterval(host);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException(FetchException.Failure.TIMEOUT, "interrupted waiting to fetch from " + host);
        }
        return () -> {
            nextStart.asMap().merge(host, System.nanoTime() + interval.toNanos(), Math::max);
            total.release();
            forHost.release();
            // forget hosts nobody is fetching from, so the map does not grow with every host ever seen
            hosts.computeIfPresent(host, (h, s) -> s.availablePermits() == perHost ? null : s);
        };
    }
}
