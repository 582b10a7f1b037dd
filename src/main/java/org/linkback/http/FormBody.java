package org.linkback.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.helidon.http.HttpMediaType;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * An {@code application/x-www-form-urlencoded} request body, read with a size limit and
 * decoded in the charset the sender used (TrackBack senders use many).
 */
public final class FormBody {

    private final byte[] raw;

    private FormBody(byte[] raw) {
        this.raw = raw;
    }

    /**
     * Reads the body of a request, at most {@code maxBytes}.
     *
     * @throws LimitedInputStream.TooLargeException when the body is longer
     */
    public static FormBody read(ServerRequest request, int maxBytes) throws IOException {
        try (InputStream in = new LimitedInputStream(request.content().inputStream(), maxBytes)) {
            return new FormBody(in.readAllBytes());
        }
    }

    /** True when the Content-Type is {@code application/x-www-form-urlencoded} (any parameters). */
    public static boolean isForm(ServerRequest request) {
        return request.headers().contentType()
                .map(type -> type.mediaType().text().equalsIgnoreCase("application/x-www-form-urlencoded"))
                .orElse(false);
    }

    /** The charset parameter of the request's Content-Type, if it names a known charset. */
    public static Optional<Charset> headerCharset(ServerRequest request) {
        return request.headers().first(HeaderNames.CONTENT_TYPE)
                .flatMap(value -> {
                    try {
                        return HttpMediaType.create(value).charset();
                    } catch (RuntimeException e) {
                        return Optional.empty();
                    }
                })
                .flatMap(FormBody::charset);
    }

    /** A charset by name, if the JVM knows it. */
    public static Optional<Charset> charset(String name) {
        try {
            return Optional.of(Charset.forName(name.strip()));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return Optional.empty();
        }
    }

    /**
     * The fields, decoded in {@code charset}; a repeated field keeps its first value.
     */
    public Map<String, String> fields(Charset charset) {
        // Percent-encoded bytes are ASCII, so reading the raw body as ISO-8859-1 keeps every byte.
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), charset);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), charset);
            fields.putIfAbsent(name, value);
        }
        return fields;
    }

    private static String decode(String text, Charset charset) {
        try {
            // Undo the ISO-8859-1 reading for any unencoded non-ASCII bytes, then percent-decode.
            String bytesInCharset = new String(text.getBytes(StandardCharsets.ISO_8859_1), charset);
            return URLDecoder.decode(bytesInCharset, charset);
        } catch (IllegalArgumentException e) {
            return text; // a stray '%': keep the text as sent
        }
    }
}
