package org.linkback.webhook;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/** A webhook receiver on loopback that answers every delivery with one status, and counts them. */
final class HookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();
    private final byte[] key = new byte[32];

    HookReceiver(int status) throws IOException {
        new SecureRandom().nextBytes(key);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            calls.incrementAndGet();
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** A linkback YAML with this receiver as its one webhook. */
    String configured(String yaml) {
        return yaml.replace("linkback:\n", "linkback:\n  webhooks:\n    - url: \"http://127.0.0.1:" + server.getAddress().getPort()
                                           + "/hook\"\n      secret: \"whsec_" + Base64.getEncoder().encodeToString(key) + "\"\n");
    }

    int calls() {
        return calls.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
