package org.linkback.send;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one notification per endpoint host every {@code interval}: WordPress, for one, refuses
 * a second ping from the same address within 15 seconds as a comment flood.
 */
final class HostPacer {

    private final Duration interval;
    private final Map<String, Long> nextAllowed = new ConcurrentHashMap<>();

    HostPacer(Duration interval) {
        this.interval = interval;
    }

    /** Waits until this host may be sent to again, and takes the turn. */
    void awaitTurn(String host) throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            long[] waitNanos = {0};
            nextAllowed.compute(host, (h, next) -> {
                if (next == null || next - now <= 0) {
                    return now + interval.toNanos();
                }
                waitNanos[0] = next - now;
                return next;
            });
            if (waitNanos[0] == 0) {
                return;
            }
            Thread.sleep(Duration.ofNanos(waitNanos[0]));
        }
    }
}
