package org.linkback.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.ServerRequest;

/**
 * The IP address of whoever sent a request: the TCP peer, or, when the peer is one of our
 * own trusted reverse proxies, the client it names in X-Forwarded-For.
 */
public final class ClientAddress {

    /** What the proxy filter found, kept in the request context. */
    private record Forwarded(String ip) {
    }

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.]{2,45}");

    private ClientAddress() {
    }

    public static String of(ServerRequest request) {
        return request.context().get(Forwarded.class).map(Forwarded::ip).orElseGet(() -> peer(request));
    }

    /**
     * A filter for requests that arrive through reverse proxies we run: from a trusted proxy, the
     * client is the right-most X-Forwarded-For address that is not itself a trusted proxy. From
     * anyone else the header is ignored, so clients cannot choose their own address.
     */
    public static Filter trustingProxies(Set<String> trustedProxies) {
        return (chain, req, res) -> {
            if (!trustedProxies.isEmpty() && trustedProxies.contains(peer(req))) {
                forwardedClient(req.headers().values(HeaderNames.X_FORWARDED_FOR), trustedProxies)
                        .ifPresent(ip -> req.context().register(new Forwarded(ip)));
            }
            chain.proceed();
        };
    }

    static Optional<String> forwardedClient(List<String> headerValues, Set<String> trustedProxies) {
        List<String> hops = headerValues.stream()
                .flatMap(value -> java.util.Arrays.stream(value.split(",")))
                .map(String::strip)
                .toList();
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<String> ip = literal(hops.get(i));
            if (ip.isEmpty()) {
                return Optional.empty(); // garbage in the chain: trust nothing from here on
            }
            if (!trustedProxies.contains(ip.get())) {
                return ip;
            }
        }
        return Optional.empty();
    }

    /** The canonical text of an IP literal, never a DNS lookup. */
    private static Optional<String> literal(String text) {
        if (!IP_LITERAL.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text).getHostAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static String peer(ServerRequest request) {
        if (request.remotePeer().address() instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return request.remotePeer().host();
    }
}
