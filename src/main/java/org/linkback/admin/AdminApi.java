package org.linkback.admin;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.linkback.http.Answers;
import org.linkback.http.ClientAddress;
import org.linkback.http.LimitedInputStream;
import org.linkback.http.RateLimiter;

/**
 * What the services under {@code /admin/api} share: the token check that runs before all of
 * them, and the reading of JSON bodies, query parameters and pages.
 */
final class AdminApi {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final int MAX_BODY = 65_536;

    private AdminApi() {
    }

    /**
     * Registered under {@code /admin/api} before the resources: every request needs the admin
     * token, a site's owner token (or a signed-in browser session with its CSRF token); without
     * one the answer is 401. Who it is ({@link Access}) goes with the request to the resources.
     */
    static HttpService authorization(AdminAuth auth, RateLimiter guesses) {
        return rules -> rules.any((req, res) -> {
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
            if (!auth.enabled()) {
                Answers.jsonError(res, Status.NOT_FOUND_404, "the admin API is disabled: set linkback.admin.token");
                return;
            }
            Optional<Access> access = auth.access(req);
            Duration wait;
            if (access.isEmpty() && req.headers().contains(HeaderNames.AUTHORIZATION)
                && !(wait = guesses.acquire(ClientAddress.of(req))).isZero()) {
                // a wrong token is a guess: as many a minute as the sign-in page allows
                res.header(HeaderNames.RETRY_AFTER, String.valueOf(Math.max(1, wait.toSeconds())));
                Answers.jsonError(res, Status.TOO_MANY_REQUESTS_429, "too many wrong tokens from this address; try again in "
                                                                     + Math.max(1, wait.toSeconds()) + " seconds");
            } else if (access.isEmpty()) {
                res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"linkback\"");
                Answers.jsonError(res, Status.UNAUTHORIZED_401, "send Authorization: Bearer <admin token or owner token>");
            } else {
                req.context().register(access.get());
                res.next();
            }
        });
    }

    /** Registered before a resource that is the admin's alone (sites, transfer): 403 for an owner token. */
    static HttpService adminOnly() {
        return rules -> rules.any((req, res) -> {
            if (Access.adminOnly(req, res)) {
                res.next();
            }
        });
    }

    /** Which site a request is about: one ({@code name}), or every site ({@code name} null: the admin only). */
    record SiteScope(String name) {
    }

    /**
     * The site a request asks about with {@code ?site=}: for an owner always their own (another's
     * is answered 404, as if it did not exist), for the admin the one asked for or every site.
     *
     * @return empty after answering 404
     */
    static Optional<SiteScope> siteScope(ServerRequest req, ServerResponse res) {
        Access who = Access.of(req);
        Optional<String> asked = nonBlank(req, "site");
        if (asked.isPresent() && !who.covers(asked.get())) {
            Answers.jsonError(res, Status.NOT_FOUND_404, "no site of that name");
            return Optional.empty();
        }
        return Optional.of(new SiteScope(who.siteOr(asked.orElse(null))));
    }

    /** The request's JSON object (at most 64 KB), or empty when it is none. */
    static Optional<JsonNode> body(ServerRequest req) {
        try (InputStream in = new LimitedInputStream(req.content().inputStream(), MAX_BODY)) {
            JsonNode node = Answers.JSON.readTree(in);
            return Optional.ofNullable(node).filter(JsonNode::isObject);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {@code ?limit=}: 1 to {@value #MAX_LIMIT}, {@value #DEFAULT_LIMIT} when not given. */
    static int limit(ServerRequest req) {
        return nonBlank(req, "limit").flatMap(Answers::id).map(Long::intValue)
                .map(n -> Math.max(1, Math.min(MAX_LIMIT, n))).orElse(DEFAULT_LIMIT);
    }

    /** {@code ?cursor=}: the id the previous page ended with. */
    static Optional<Long> cursor(ServerRequest req) {
        return nonBlank(req, "cursor").flatMap(Answers::id);
    }

    static Optional<String> nonBlank(ServerRequest req, String name) {
        return req.query().first(name).asOptional().map(String::strip).filter(s -> !s.isEmpty());
    }

    /** 200 {items, nextCursor}: the cursor is the last row's id when the page is full, else null. */
    static <T> void sendPage(ServerResponse res, List<T> page, int limit, Function<T, Map<String, Object>> json, ToLongFunction<T> id) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.stream().map(json).toList());
        body.put("nextCursor", page.size() == limit ? String.valueOf(id.applyAsLong(page.getLast())) : null);
        Answers.json(res, Status.OK_200, body);
    }
}
