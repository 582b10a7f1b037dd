package org.linkback.http;

import java.net.InetSocketAddress;

import io.helidon.webserver.http.ServerRequest;

/**
 * The IP address of the peer that sent a request.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(ServerRequest request) {
        if (request.remotePeer().address() instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return request.remotePeer().host();
    }
}
