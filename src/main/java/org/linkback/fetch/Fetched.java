package org.linkback.fetch;

import java.net.URI;
import java.nio.charset.Charset;
import java.util.Optional;

import io.helidon.http.HttpMediaType;

/**
 * The final answer of a fetch, after redirects.
 *
 * @param url         the URL that answered (after redirects): relative links resolve against it
 * @param status      HTTP status code
 * @param contentType Content-Type header value, or empty string
 * @param body        at most {@code max-bytes} of the body
 * @param truncated   true when the body was longer than {@code max-bytes}
 */
public record Fetched(URI url, int status, String contentType, byte[] body, boolean truncated) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public boolean isGone() {
        return status == 404 || status == 410;
    }

    public boolean isHtml() {
        String type = contentType.toLowerCase(java.util.Locale.ROOT);
        return type.isEmpty() || type.contains("html");
    }

    /** Charset named in the Content-Type header, if any. */
    public Optional<Charset> charset() {
        try {
            return HttpMediaType.create(contentType).charset().map(Charset::forName);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
