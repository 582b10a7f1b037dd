package org.linkback.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until the test moves it: what reads it (leases, due jobs, backoffs,
 * feed versions) sees time pass only by {@link #advance}. It starts at the real time, so rows it
 * stamps sort sensibly among rows stamped by code that still reads the system clock.
 */
public final class TestClock extends Clock {

    private final AtomicReference<Instant> now;

    private TestClock(AtomicReference<Instant> now) {
        this.now = now;
    }

    /** A clock stopped at the real time now. */
    public static TestClock stoppedNow() {
        return new TestClock(new AtomicReference<>(Instant.now()));
    }

    /** A clock stopped at this instant (a test about a time of day). */
    public static TestClock stoppedAt(Instant at) {
        return new TestClock(new AtomicReference<>(at));
    }

    /** Moves the clock forward (never back: nothing in linkback expects that). */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("a test clock only moves forward: " + by);
        }
        now.updateAndGet(at -> at.plus(by));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("linkback reads instants only");
    }
}
