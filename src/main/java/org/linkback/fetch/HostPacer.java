package org.linkback.fetch;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * At most one turn per host every {@code interval}: fetches (a minimum interval between two
 * fetches from one host) and outgoing notifications (WordPress refuses a second ping from one
 * address within 15 seconds) both wait for their turn here. Hosts not seen for a while are forgotten.
 */
public final class HostPacer {

    private final Duration interval;
    private final Cache<String, Long> nextTurn;

    public HostPacer(Duration interval) {
        this.interval = interval;
        // each host is remembered a minute past its next turn, however far ahead a hold-off put it
        this.nextTurn = Caffeine.newBuilder()
                .expireAfter(Expiry.<String, Long>writing((host, next) -> Duration.ofNanos(Math.max(0, next - System.nanoTime()))
                        .plus(interval).plusMinutes(1)))
                .maximumSize(100_000)
                .build();
    }

    /** Waits until this host may be used again, and takes the turn. */
    public void await(String host) throws InterruptedException {
        takeTurn(host, null);
    }

    /**
     * Takes this host's turn, waiting at most {@code atMost} for it.
     *
     * @return zero when the turn was taken, else how long until it comes (nothing was taken)
     */
    public Duration takeTurn(String host, Duration atMost) throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            long[] wait = {0};
            nextTurn.asMap().compute(host, (h, next) -> {
                if (next == null || next - now <= 0) {
                    return interval.isPositive() ? Long.valueOf(now + interval.toNanos()) : next; // no pacing: keep only a hold-off
                }
                wait[0] = next - now;
                return next;
            });
            if (wait[0] == 0) {
                return Duration.ZERO;
            }
            if (atMost != null && wait[0] > atMost.toNanos()) {
                return Duration.ofNanos(wait[0]); // a hold-off: the caller comes back later rather than sleep
            }
            Thread.sleep(Duration.ofNanos(wait[0]));
        }
    }

    /**
     * The host's use that began with {@link #await} has ended now: its next turn is a whole interval
     * from now. WordPress's flood check counts from when it stored the last ping, at the end of
     * handling it (which may take seconds), not from when the ping was sent.
     */
    public void finished(String host) {
        if (interval.isPositive()) {
            nextTurn.asMap().merge(host, System.nanoTime() + interval.toNanos(), (old, late) -> late - old > 0 ? late : old);
        }
    }

    /** The host asked us to wait (a Retry-After, a flood answer): nobody takes a turn there before it is over. */
    public void holdOff(String host, Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        nextTurn.asMap().merge(host, until, (old, asked) -> asked - old > 0 ? asked : old);
    }

    /** How long until this host's next turn: zero when it is free now. */
    public Duration waitFor(String host) {
        Long next = nextTurn.getIfPresent(host);
        long left = next == null ? 0 : next - System.nanoTime();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }
}
