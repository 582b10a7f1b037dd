package org.linkback.http;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;

/**
 * At most N requests per client IP per minute (token bucket, refilled greedily).
 */
public final class RateLimiter {

    private final int perMinute;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(100_000)
            .build();

    /** @param perMinute requests per IP per minute; 0 or less means no limit */
    public RateLimiter(int perMinute) {
        this.perMinute = perMinute;
    }

    public boolean tryAcquire(String clientIp) {
        if (perMinute <= 0) {
            return true;
        }
        return buckets.get(clientIp, ip -> Bucket.builder()
                        .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                        .build())
                .tryConsume(1);
    }
}
