package org.linkback.url;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Parsing and canonical form of the http(s) URLs we receive, store and compare.
 * One article must have one identity, whatever spelling a pinging blog used.
 */
public final class Urls {

    /** The longest URL we store (in its canonical form): the width of the database columns. */
    public static final int MAX_LENGTH = 2048;
    /** The longest host name DNS allows (RFC 1035). */
    public static final int MAX_HOST_LENGTH = 253;

    private Urls() {
    }

    /**
     * Why a URL we were sent cannot be used, in words for the sender; empty when it can.
     *
     * @param what "source", "target" ...
     */
    public static Optional<String> problem(String text, String what) {
        if (text != null && text.strip().length() > MAX_LENGTH) {
            return Optional.of("the " + what + " URL is longer than " + MAX_LENGTH + " characters");
        }
        Optional<URI> parsed = parseHttp(text);
        if (parsed.isEmpty()) {
            return Optional.of("the " + what + " is not an http(s) URL");
        }
        if (parsed.get().getHost().length() > MAX_HOST_LENGTH) {
            return Optional.of("the " + what + "'s host name is longer than " + MAX_HOST_LENGTH + " characters");
        }
        if (canonical(parsed.get()).toString().length() > MAX_LENGTH) {
            return Optional.of("the " + what + " URL is longer than " + MAX_LENGTH + " characters");
        }
        return Optional.empty();
    }

    /**
     * Parses an absolute http or https URL with a host, or returns empty.
     */
    public static Optional<URI> parseHttp(String text) {
        if (text == null || text.isBlank() || text.strip().length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme();
            if (scheme == null || uri.getHost() == null || uri.getRawAuthority().contains("@")) {
                return Optional.empty();
            }
            String lower = scheme.toLowerCase(Locale.ROOT);
            if (!lower.equals("http") && !lower.equals("https")) {
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses and canonicalises in one step; empty also when the canonical form is longer than we
     * store, or the host name longer than DNS allows.
     */
    public static Optional<URI> parseCanonical(String text) {
        return parseHttp(text)
                .filter(uri -> uri.getHost().length() <= MAX_HOST_LENGTH)
                .map(Urls::canonical)
                .filter(uri -> uri.toString().length() <= MAX_LENGTH);
    }

    /**
     * Lower-case scheme and host, default port dropped, fragment dropped, empty path as "/".
     * Path and query keep their exact (raw) spelling.
     */
    public static URI canonical(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        if (port == defaultPort(scheme)) {
            port = -1;
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        StringBuilder text = new StringBuilder(scheme).append("://").append(host);
        if (port != -1) {
            text.append(':').append(port);
        }
        text.append(path);
        if (uri.getRawQuery() != null) {
            text.append('?').append(uri.getRawQuery());
        }
        return URI.create(text.toString());
    }

    /**
     * "scheme://host[:port]" of a canonical URL: the unit of trust for fetching.
     */
    public static String origin(URI uri) {
        URI canonical = canonical(uri);
        return canonical.getScheme() + "://" + canonical.getRawAuthority();
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }
}
