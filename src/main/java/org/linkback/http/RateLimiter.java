package org.linkback.http;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * At most N requests per client IP per minute, or per another period (token bucket: a full
 * period's worth may come at once, then the bucket refills evenly).
 */
public final class RateLimiter {

    private final int count;
    private final Duration period;
    private final TimeMeter time;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofHours(2))
            .maximumSize(100_000)
            .build();

    /** @param perMinute requests per IP per minute; 0 or less means no limit */
    public RateLimiter(int perMinute) {
        this(perMinute, Clock.systemUTC());
    }

    /** @param clock refills the buckets (in milliseconds, as Bucket4j's default meter does) */
    public RateLimiter(int perMinute, Clock clock) {
        this(perMinute, Duration.ofMinutes(1), clock);
    }

    /** @param count requests per IP per {@code period}; 0 or less means no limit */
    public RateLimiter(int count, Duration period, Clock clock) {
        this.count = count;
        this.period = period;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    /**
     * Takes one request's token.
     *
     * @return zero when the request may go ahead, else how long to wait before the next one may
     *         (whole seconds, at least one): what Retry-After says
     */
    public Duration acquire(String clientIp) {
        if (count <= 0) {
            return Duration.ZERO;
        }
        ConsumptionProbe probe = buckets.get(clientIp, ip -> Bucket.builder()
                        .addLimit(limit -> limit.capacity(count).refillGreedy(count, period))
                        .withCustomTimePrecision(time)
                        .build())
                .tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Duration.ZERO;
        }
        return Duration.ofSeconds(Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L));
    }
}
