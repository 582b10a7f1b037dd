package org.linkback.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
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

    private static final Header CONTENT_ENCODING_GZIP = HeaderValues.createCached(HeaderNames.CONTENT_ENCODING, "gzip");

    private final String cacheControl;

    /** @param maxAge how long browsers and proxies may reuse an answer without asking again */
    public CacheableAnswer(Duration maxAge) {
        this.cacheControl = "public, max-age=" + maxAge.toSeconds();
    }

    /**
     * A rendered document with its ETag, computed once, so it can be kept and sent many times.
     *
     * @param gzipped the body gzip-compressed (for clients that accept it), or null
     */
    public record Document(byte[] body, String etag, Instant lastModified, String contentType, byte[] gzipped) {

        /** A document sent once: no compressed copy. */
        public static Document of(byte[] body, Instant lastModified, String contentType) {
            return new Document(body, CacheableAnswer.etag(body), lastModified.truncatedTo(ChronoUnit.SECONDS), contentType, null);
        }

        /**
         * A document kept and sent many times (a feed, the widget script): compressed once here,
         * so clients that accept gzip (browsers, feed readers) get a tenth of the bytes for nothing.
         */
        public static Document kept(byte[] body, Instant lastModified, String contentType) {
            Document plain = of(body, lastModified, contentType);
            return body.length < MIN_GZIP ? plain
                    : new Document(body, plain.etag(), plain.lastModified(), contentType, gzip(body));
        }

        /** The compressed representation's own ETag (RFC 9110 8.8.3: each representation its own tag). */
        String gzipEtag() {
            return etag.substring(0, etag.length() - 1) + "-gz\"";
        }
    }

    /** Smaller documents gain too little from compression to be worth a second copy. */
    private static final int MIN_GZIP = 1024;

    public void send(ServerRequest req, ServerResponse res, byte[] body, Instant lastModified, String contentType) {
        send(req, res, Document.of(body, lastModified, contentType));
    }

    public void send(ServerRequest req, ServerResponse res, Document document) {
        boolean gzip = document.gzipped() != null && acceptsGzip(req);
        String etag = gzip ? document.gzipEtag() : document.etag();
        cors(res);
        res.header(HeaderNames.CACHE_CONTROL, cacheControl);
        res.header(HeaderNames.ETAG, etag);
        res.headers().lastModified(document.lastModified());
        if (document.gzipped() != null) {
            // added to what the caller may vary on already (the widget's Accept-Language)
            res.headers().add(HeaderNames.VARY, "Accept-Encoding");
        }
        if (notModified(req, etag, document.lastModified())) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, document.contentType());
        if (gzip) {
            res.header(CONTENT_ENCODING_GZIP);
            res.send(document.gzipped());
        } else {
            res.send(document.body());
        }
    }

    /** Whether Accept-Encoding names gzip (or *) without {@code q=0}. */
    static boolean acceptsGzip(ServerRequest req) {
        if (!req.headers().contains(HeaderNames.ACCEPT_ENCODING)) {
            return false;
        }
        for (String value : req.headers().get(HeaderNames.ACCEPT_ENCODING).allValues(true)) {
            for (String coding : value.split(",")) {
                String[] parts = coding.split(";");
                String name = parts[0].strip().toLowerCase(Locale.ROOT);
                if ((name.equals("gzip") || name.equals("*")) && !refused(parts)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean refused(String[] codingParts) {
        for (int i = 1; i < codingParts.length; i++) {
            String parameter = codingParts[i].strip().toLowerCase(Locale.ROOT).replace(" ", "");
            if (parameter.matches("q=0(\\.0{0,3})?")) {
                return true;
            }
        }
        return false;
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory
        }
        return out.toByteArray();
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
