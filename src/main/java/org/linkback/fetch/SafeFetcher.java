package org.linkback.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.SSLException;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClient;

import org.linkback.config.LinkbackConfig;
import org.linkback.url.Urls;

/**
 * The one way linkback reads a remote page: http(s) only, public addresses only (unless
 * configured), every redirect hop checked, bounded in bytes and time, and identified by
 * a User-Agent naming linkback.
 */
public final class SafeFetcher {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final int CHUNK = 8192;

    private final LinkbackConfig.Fetch config;
    private final String userAgent;
    private final Set<String> trustedOrigins;
    private final WebClient strictClient;
    private final WebClient trustingClient;

    /**
     * @param trustedOrigins origins (scheme://host[:port]) that may be fetched from any address
     *                       when a request asks for it: our own sites' origins
     */
    public SafeFetcher(LinkbackConfig.Fetch config, URI publicUrl, Set<String> trustedOrigins) {
        this.config = config;
        this.userAgent = "linkback/0.1 (+" + publicUrl + ")";
        this.trustedOrigins = trustedOrigins;
        this.trustingClient = client(new AddressPolicy(true));
        this.strictClient = config.allowPrivateAddresses() ? trustingClient : client(new AddressPolicy(false));
    }

    private WebClient client(AddressPolicy policy) {
        Duration connect = config.connectTimeout();
        Duration read = config.readTimeout();
        return WebClient.builder()
                .dnsResolver(policy)
                .followRedirects(false)
                .shareConnectionCache(false)
                .socketOptions(s -> s.connectTimeout(connect).readTimeout(read))
                .build();
    }

    /**
     * What to fetch and on whose behalf.
     *
     * @param url          the page
     * @param purpose      said in the User-Agent, e.g. "verifying pingback from 192.0.2.1"
     * @param forwardedFor the client IP that made us fetch, sent as X-Pingback-Forwarded-For (may be null)
     * @param accept       Accept header value
     * @param trustSites   true to let our own sites' origins be fetched from private addresses
     */
    public record Request(URI url, String purpose, String forwardedFor, String accept, boolean trustSites) {
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

    private HopResult fetchOnce(URI url, Request request) {
        boolean trusted = request.trustSites() && trustedOrigins.contains(Urls.origin(url));
        WebClient client = trusted ? trustingClient : strictClient;
        long deadline = System.nanoTime() + config.connectTimeout().plus(config.readTimeout()).toNanos();
        try (HttpClientResponse response = client.get()
                .uri(url)
                .skipUriEncoding(true)
                .proxy(Proxy.noProxy())
                .keepAlive(false)
                .header(HeaderNames.USER_AGENT, userAgent(request.purpose()))
                .header(HeaderNames.ACCEPT, request.accept())
                .headers(h -> {
                    if (request.forwardedFor() != null) {
                        h.set(HeaderNames.create("X-Pingback-Forwarded-For"), request.forwardedFor());
                    }
                })
                .request()) {
            int status = response.status().code();
            String contentType = response.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
            if (REDIRECTS.contains(status)) {
                String location = response.headers().first(HeaderNames.LOCATION)
                        .orElseThrow(() -> new FetchException(FetchException.Failure.BAD_REDIRECT, "redirect without Location"));
                return new HopResult(null, Optional.of(resolve(url, location)));
            }
            Body body = read(response.inputStream(), deadline);
            return new HopResult(new Fetched(url, status, contentType, body.bytes(), body.truncated()), Optional.empty());
        } catch (FetchException e) {
            throw e;
        } catch (RuntimeException | IOException e) {
            throw classify(e, url);
        }
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

    private record Body(byte[] bytes, boolean truncated) {
    }

    /** Reads at most max-bytes, and gives up when the whole answer takes longer than the deadline. */
    private Body read(InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[CHUNK];
        int limit = config.maxBytes();
        while (out.size() < limit) {
            if (System.nanoTime() > deadline) {
                throw new FetchException(FetchException.Failure.TIMEOUT, "the answer took too long");
            }
            int n = in.read(buffer, 0, Math.min(buffer.length, limit - out.size()));
            if (n < 0) {
                return new Body(out.toByteArray(), false);
            }
            out.write(buffer, 0, n);
        }
        return new Body(out.toByteArray(), true);
    }

    private static FetchException classify(Exception e, URI url) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FetchException fe) {
                return fe;
            }
            if (t instanceof SocketTimeoutException || t instanceof java.util.concurrent.TimeoutException) {
                return new FetchException(FetchException.Failure.TIMEOUT, "timed out fetching " + url);
            }
            if (t instanceof UnknownHostException) {
                return new FetchException(FetchException.Failure.UNKNOWN_HOST, "unknown host " + url.getHost());
            }
            if (t instanceof SSLException) {
                return new FetchException(FetchException.Failure.TLS, "TLS failed for " + url.getHost() + ": " + t.getMessage());
            }
            if (t instanceof ConnectException) {
                return new FetchException(FetchException.Failure.UNREACHABLE, "connection refused by " + url.getHost());
            }
        }
        String message = e instanceof UncheckedIOException ? e.getCause().getMessage() : e.getMessage();
        return new FetchException(FetchException.Failure.UNREACHABLE, "could not fetch " + url + ": " + message);
    }

    /** True for 5xx answers: the upstream server failed, not the page. */
    public static boolean isServerError(Fetched fetched) {
        return fetched.status() >= Status.INTERNAL_SERVER_ERROR_500.code();
    }
}
