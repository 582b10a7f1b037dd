package org.linkback.bench;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;

/**
 * The ceiling for a feed: a bare Helidon server (the same version, this JVM, TCP_NODELAY as
 * ours) whose one route sends the same bytes from memory with nothing else around it: no
 * filters, no cache look-up, no ETag or CORS headers. What we serve below this is ours;
 * what this serves below nginx is Helidon's (and the JVM's).
 */
final class BareHelidon implements AutoCloseable {

    private final WebServer server;

    private BareHelidon(WebServer server) {
        this.server = server;
    }

    /** Serves {@code plain} at /plain and {@code gzipped} (Content-Encoding: gzip) at /gzip. */
    static BareHelidon serve(byte[] plain, byte[] gzipped, String contentType) {
        return serve(plain, gzipped, contentType, 0);
    }

    /**
     * @param writeBuffer Helidon's write buffer and the socket's send buffer in bytes (0: Helidon's and
     *                    the kernel's defaults), to see whether a body larger than them costs more writes
     */
    static BareHelidon serve(byte[] plain, byte[] gzipped, String contentType, int writeBuffer) {
        var builder = WebServer.builder();
        if (writeBuffer > 0) {
            builder.writeBufferSize(writeBuffer);
        }
        WebServer server = builder
                .host("127.0.0.1")
                .port(0)
                .connectionOptions(options -> {
                    options.tcpNoDelay(true);
                    if (writeBuffer > 0) {
                        options.socketSendBufferSize(writeBuffer);
                    }
                })
                .routing(routing -> routing
                        .get("/plain", (req, res) -> {
                            res.header(HeaderNames.CONTENT_TYPE, contentType);
                            res.send(plain);
                        })
                        .get("/gzip", (req, res) -> {
                            res.header(HeaderNames.CONTENT_TYPE, contentType);
                            res.header(HeaderNames.CONTENT_ENCODING, "gzip");
                            res.send(gzipped);
                        }))
                .build()
                .start();
        return new BareHelidon(server);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    @Override
    public void close() {
        server.stop();
    }
}
