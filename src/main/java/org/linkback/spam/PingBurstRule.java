package org.linkback.spam;

import java.time.Duration;
import java.util.Optional;

/**
 * Many backlinks from one client IP or one source host within minutes is how spam waves look.
 */
public final class PingBurstRule implements SpamRule {

    /** The recent window the counts in {@link SpamEvidence} cover. */
    public static final Duration WINDOW = Duration.ofMinutes(10);
    static final int MANY = 10;
    /** The most a count needs to reach; callers may stop counting there. */
    public static final int VERY_MANY = 30;

    @Override
    public Optional<Finding> check(SpamEvidence evidence) {
        int most = Math.max(evidence.recentFromIp(), evidence.recentFromHost());
        String from = evidence.recentFromIp() >= evidence.recentFromHost() ? "this client IP" : "this source host";
        if (most >= VERY_MANY) {
            return Optional.of(new Finding(0.6, most + " backlinks from " + from + " in " + WINDOW.toMinutes() + " minutes"));
        }
        if (most >= MANY) {
            return Optional.of(new Finding(0.3, most + " backlinks from " + from + " in " + WINDOW.toMinutes() + " minutes"));
        }
        return Optional.empty();
    }
}
