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

    private Urls() {
    }

    /**
     * Parses an absolute http or https URL with a host, or returns empty.
     */
    public static Optional<URI> parseHttp(String text) {
        if (text == null || text.isBlank() || text.length() > 2048) {
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
     * Parses and canonicalises in one step.
     */
    public static Optional<URI> parseCanonical(String text) {
        return parseHttp(text).map(Urls::canonical);
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
