package org.linkback.http;

import java.time.Clock;
import java.time.Duration;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;

/**
 * Requests per client IP per minute on every endpoint that has no limit of its own: feeds, the
 * widget, the embed page, discovery, webmention status, the admin. Pings (POST to /xmlrpc,
 * /trackback, /webmention) are limited by the receiver, which answers in each protocol's own
 * format; health and metrics stay open for monitoring. Over the limit: 429 with Retry-After.
 */
public final class RequestLimit {

    private RequestLimit() {
    }

    public static Filter perClientIp(int perMinute) {
        return perClientIp(perMinute, Clock.systemUTC());
    }

    public static Filter perClientIp(int perMinute, Clock clock) {
        RateLimiter limiter = new RateLimiter(perMinute, clock);
        return (chain, req, res) -> {
            String path = req.path().path();
            boolean ping = req.prologue().method() == Method.POST
                           && (path.equals("/xmlrpc") || path.equals("/trackback") || path.equals("/webmention"));
            if (!ping && !path.startsWith("/observe") && !path.startsWith("/health")) {
                Duration wait = limiter.acquire(ClientAddress.of(req));
                if (!wait.isZero()) {
                    res.header(HeaderNames.RETRY_AFTER, String.valueOf(wait.toSeconds()));
                    Answers.plain(res, Status.TOO_MANY_REQUESTS_429, "too many requests from your address; try again in "
                                                                     + wait.toSeconds() + " seconds");
                    return;
                }
            }
            chain.proceed();
        };
    }
}
