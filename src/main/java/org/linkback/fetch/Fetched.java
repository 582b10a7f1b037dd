package org.linkback.fetch;

import java.net.URI;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The final answer of a fetch, after redirects.
 *
 * @param url         the URL that answered (after redirects): relative links resolve against it
 * @param status      HTTP status code
 * @param contentType Content-Type header value, or empty string
 * @param body        at most {@code max-bytes} of the (decoded) body
 * @param truncated   true when the body was longer than {@code max-bytes}
 * @param headers     every response header, by lower-case name, in the order received
 */
public record Fetched(URI url, int status, String contentType, byte[] body, boolean truncated, Map<String, List<String>> headers) {

    /** The values of one header (any case), in the order received; empty when absent. */
    public List<String> header(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public boolean isGone() {
        return status == 404 || status == 410;
    }

    public boolean isHtml() {
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.isEmpty() || type.contains("html");
    }

    /** The body's character encoding, found as a browser finds it (see {@link PageCharset}). */
    public Charset charset() {
        return PageCharset.of(body, PageCharset.headerCharset(contentType), isHtml());
    }

    /** The body as text, decoded with {@link #charset()}; a byte order mark is dropped. */
    public String text() {
        Charset charset = charset();
        int skip = PageCharset.byteOrderMark(body).map(bom -> bom.name().equals("UTF-8") ? 3 : 2).orElse(0);
        return new String(body, skip, body.length - skip, charset);
    }
}
