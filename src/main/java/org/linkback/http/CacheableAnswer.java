package org.linkback.http;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The one place that sends public, cacheable documents (feeds, the TrackBack RSS, the widget
 * script, the embed page): a strong ETag (a hash of the bytes), Last-Modified, Cache-Control
 * with the configured max-age, CORS for every origin, and 304 Not Modified when the client's
 * copy is current (RFC 9110 section 13).
 */
public final class CacheableAnswer {

    private final String cacheControl;

    /** @param maxAge how long browsers and proxies may reuse an answer without asking again */
    public CacheableAnswer(Duration maxAge) {
        this.cacheControl = "public, max-age=" + maxAge.toSeconds();
    }

    /** A rendered document with its ETag, computed once, so it can be kept and sent many times. */
    public record Document(byte[] body, String etag, Instant lastModified, String contentType) {

        public static Document of(byte[] body, Instant lastModified, String contentType) {
            return new Document(body, CacheableAnswer.etag(body), lastModified.truncatedTo(ChronoUnit.SECONDS), contentType);
        }
    }

    public void send(ServerRequest req, ServerResponse res, byte[] body, Instant lastModified, String contentType) {
        send(req, res, Document.of(body, lastModified, contentType));
    }

    public void send(ServerRequest req, ServerResponse res, Document document) {
        cors(res);
        res.header(HeaderNames.CACHE_CONTROL, cacheControl);
        res.header(HeaderNames.ETAG, document.etag());
        res.headers().lastModified(document.lastModified());
        if (notModified(req, document.etag(), document.lastModified())) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, document.contentType());
        res.send(document.body());
    }

    /** Errors are readable from other origins too, so a widget can tell "no such article" from a network fault. */
    public static void cors(ServerResponse res) {
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        res.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "ETag, Last-Modified");
    }

    private static boolean notModified(ServerRequest req, String etag, Instant modified) {
        var headers = req.headers();
        if (headers.contains(HeaderNames.IF_NONE_MATCH)) {
            // If-None-Match wins over If-Modified-Since; weak comparison as the RFC asks for GET.
            return headers.get(HeaderNames.IF_NONE_MATCH).allValues(true).stream()
                    .flatMap(value -> Arrays.stream(value.split(",")))
                    .map(String::strip)
                    .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                    .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
        }
        return ifModifiedSince(req)
                .map(since -> !modified.isAfter(since))
                .orElse(false);
    }

    /** The If-Modified-Since date; an unparseable one is ignored, as RFC 9110 section 13.1.3 says. */
    private static Optional<Instant> ifModifiedSince(ServerRequest req) {
        try {
            return req.headers().ifModifiedSince().map(ZonedDateTime::toInstant);
        } catch (RuntimeException e) { // Helidon throws on a malformed or empty date
            return Optional.empty();
        }
    }

    private static String etag(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(hash, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
