package org.linkback.fetch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

import org.linkback.config.LinkbackConfig;
import org.linkback.url.Urls;

/**
 * The one way linkback reads a remote page: http(s) only, public addresses only (unless
 * configured), every redirect hop checked, bounded in bytes and time, and identified by
 * a User-Agent naming linkback.
 *
 * <p>Built on Apache HttpClient 5, which reads every body shape the web sends (Content-Length,
 * chunked, and bodies that end when the server closes the connection, as PHP's built-in server
 * and HTTP/1.0 servers answer) and decodes gzip and deflate. {@code max-bytes} bounds the
 * <em>decoded</em> body, so a compression bomb stops at the limit.
 */
public final class SafeFetcher implements AutoCloseable {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final LinkbackConfig.Fetch config;
    private final String userAgent;
    private final Predicate<String> trustedOrigin;
    private final CloseableHttpClient strictClient;
    private final CloseableHttpClient trustingClient;
    private final FetchSlots slots;

    /**
     * @param trustedOrigin  whether an origin (scheme://host[:port]) may be fetched from any address
     *                       when a request asks for it: our own sites' origins
     */
    public SafeFetcher(LinkbackConfig.Fetch config, URI publicUrl, Predicate<String> trustedOrigin) {
        this(config, publicUrl, trustedOrigin, address -> false);
    }

    /**
     * @param blocked addresses never connected to (the blocklist's IP entries), checked on the
     *                address a connection actually goes to
     */
    public SafeFetcher(LinkbackConfig.Fetch config, URI publicUrl, Predicate<String> trustedOrigin, Predicate<InetAddress> blocked) {
        this.config = config;
        this.userAgent = "linkback/0.1 (+" + publicUrl + ")";
        this.trustedOrigin = trustedOrigin;
        this.trustingClient = FetchClient.create(config, new AddressPolicy(true, blocked));
        this.strictClient = config.allowPrivateAddresses() ? trustingClient : FetchClient.create(config, new AddressPolicy(false, blocked));
        this.slots = new FetchSlots(config.maxConcurrent(), config.maxPerHost(), config.perHostInterval());
    }

    /**
     * What to fetch and on whose behalf.
     *
     * @param url          the page
     * @param purpose      said in the User-Agent, e.g. "verifying pingback from 192.0.2.1"
     * @param forwardedFor the client IP that made us fetch, sent as X-Pingback-Forwarded-For (may be null)
     * @param accept       Accept header value
     * @param trustSites   true to let our own sites' origins be fetched from private addresses
     * @param headers      further request headers (conditional GET)
     */
    public record Request(URI url, String purpose, String forwardedFor, String accept, boolean trustSites,
                          Map<String, String> headers) {

        public Request(URI url, String purpose, String forwardedFor, String accept, boolean trustSites) {
            this(url, purpose, forwardedFor, accept, trustSites, Map.of());
        }
    }

    /**
     * Fetches a page, following at most {@code max-redirects} redirects.
     *
     * @return the final answer, whatever its status
     * @throws FetchException when there is no usable answer
     */
    public Fetched fetch(Request request) {
        URI url = request.url();
        for (int hop = 0; ; hop++) {
            if (Urls.parseHttp(url.toString()).isEmpty()) {
                throw new FetchException(FetchException.Failure.BAD_URL, "not an http(s) URL: " + url);
            }
            HopResult result = fetchOnce(url, request);
            if (result.redirect().isEmpty()) {
                return result.fetched();
            }
            if (hop >= config.maxRedirects()) {
                throw new FetchException(FetchException.Failure.BAD_REDIRECT, "more than " + config.maxRedirects() + " redirects");
            }
            url = result.redirect().get();
        }
    }

    private record HopResult(Fetched fetched, Optional<URI> redirect) {
    }

    /**
     * Posts a body (a webmention, a pingback, a TrackBack) to an endpoint of another site, under
     * the same rules as a fetch: public addresses only (unless configured), bounded in bytes and
     * time. A redirect is not followed: its answer is returned as it is.
     *
     * @throws FetchException when there is no usable answer
     */
    public Fetched post(URI url, String contentType, byte[] body, String accept, String purpose) {
        return post(url, contentType, body, accept, purpose, Map.of());
    }

    /** {@link #post(URI, String, byte[], String, String)} with headers of its own (a webhook's signature). */
    public Fetched post(URI url, String contentType, byte[] body, String accept, String purpose, Map<String, String> headers) {
        if (Urls.parseHttp(url.toString()).isEmpty()) {
            throw new FetchException(FetchException.Failure.BAD_URL, "not an http(s) URL: " + url);
        }
        HttpPost post = new HttpPost(url);
        post.setEntity(new ByteArrayEntity(body, ContentType.parse(contentType)));
        headers.forEach(post::setHeader);
        return send(post, url, strictClient, accept, purpose, null).fetched();
    }

    private HopResult fetchOnce(URI url, Request request) {
        boolean trusted = request.trustSites() && trustedOrigin.test(Urls.origin(url));
        HttpGet get = new HttpGet(url);
        request.headers().forEach(get::setHeader);
        return send(get, url, trusted ? trustingClient : strictClient, request.accept(), request.purpose(), request.forwardedFor());
    }

    /** One request in one of this host's fetch slots. */
    private HopResult send(HttpUriRequestBase request, URI url, CloseableHttpClient client, String accept, String purpose,
                           String forwardedFor) {
        long deadline = System.nanoTime() + config.connectTimeout().plus(config.readTimeout()).toNanos();
        try (FetchSlots.Slot slot = slots.acquire(url.getHost().toLowerCase(Locale.ROOT), config.connectTimeout())) {
            return sendInSlot(request, client, accept, purpose, forwardedFor, url, deadline);
        }
    }

    private HopResult sendInSlot(HttpUriRequestBase request, CloseableHttpClient client, String accept, String purpose,
                                 String forwardedFor, URI url, long deadline) {
        request.setHeader(HttpHeaders.USER_AGENT, userAgent(purpose));
        request.setHeader(HttpHeaders.ACCEPT, accept);
        request.setHeader(HttpHeaders.CONNECTION, "close");
        if (forwardedFor != null) {
            request.setHeader("X-Pingback-Forwarded-For", forwardedFor);
        }
        try (ClassicHttpResponse response = client.executeOpen(null, request, null)) {
            int status = response.getCode();
            String contentType = headerValue(response, HttpHeaders.CONTENT_TYPE);
            if (REDIRECTS.contains(status) && request instanceof HttpGet) {
                String location = headerValue(response, HttpHeaders.LOCATION);
                if (location.isEmpty()) {
                    throw new FetchException(FetchException.Failure.BAD_REDIRECT, "redirect without Location");
                }
                return new HopResult(null, Optional.of(resolve(url, location)));
            }
            LimitedBody body = LimitedBody.read(response.getEntity(), config.maxBytes(), deadline);
            if (body.truncated()) {
                request.abort(); // closing would otherwise read the rest of a huge body to keep the connection
            }
            return new HopResult(new Fetched(url, status, contentType, body.bytes(), body.truncated(), headers(response)),
                                 Optional.empty());
        } catch (FetchException e) {
            request.abort();
            throw e;
        } catch (RuntimeException | IOException e) {
            request.abort();
            throw FetchFailures.classify(e, url);
        }
    }

    private static Map<String, List<String>> headers(ClassicHttpResponse response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header header : response.getHeaders()) {
            headers.computeIfAbsent(header.getName().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                    .add(header.getValue() == null ? "" : header.getValue());
        }
        return headers;
    }

    private static String headerValue(ClassicHttpResponse response, String name) {
        Header header = response.getFirstHeader(name);
        return header == null || header.getValue() == null ? "" : header.getValue();
    }

    private String userAgent(String purpose) {
        return purpose == null ? userAgent : userAgent.substring(0, userAgent.length() - 1) + "; " + purpose + ")";
    }

    private static URI resolve(URI base, String location) {
        try {
            return base.resolve(location.strip());
        } catch (IllegalArgumentException e) {
            throw new FetchException(FetchException.Failure.BAD_REDIRECT, "unusable redirect Location: " + location);
        }
    }

    /** True for 5xx answers: the upstream server failed, not the page. */
    public static boolean isServerError(Fetched fetched) {
        return fetched.status() >= 500;
    }

    @Override
    public void close() {
        try {
            strictClient.close();
            trustingClient.close();
        } catch (IOException e) {
            // closing idle connections: nothing to do about a failure
        }
    }
}
