package org.linkback.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

import org.linkback.task.BackgroundTask;

/**
 * Closes connections whose request headers do not arrive in time (slow-loris). Helidon 4.5.0
 * closes idle connections only between requests: one that sent a request line and then drips
 * its headers, or stops half way, stays open for ever. This listener notes when a request line
 * arrives (on the connection's own virtual thread) and when its headers are complete; a watchdog
 * interrupts that thread when the headers take longer than the deadline, which closes its socket. {@link #start()} / {@link #close()}.
 */
public final class HeaderDeadline implements Http1ConnectionListener, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HeaderDeadline.class.getName());

    private final Duration deadline;
    /** A connection reading its headers: the (virtual) thread reading them, and since when. */
    private record Waiting(Thread reader, long since) {
    }

    private final Map<ConnectionContext, Waiting> waiting = new ConcurrentHashMap<>();
    private final BackgroundTask watchdog;

    public HeaderDeadline(Duration deadline) {
        this.deadline = deadline;
        this.watchdog = BackgroundTask.of("header-deadline", Duration.ofMillis(Math.max(100, Math.min(1000, deadline.toMillis() / 4))),
                                          "header deadline check failed", this::closeLate);
    }

    public HeaderDeadline start() {
        watchdog.start();
        return this;
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        waiting.put(ctx, new Waiting(Thread.currentThread(), System.nanoTime()));
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        waiting.remove(ctx);
    }

    /** Closes the connections whose headers took longer than the deadline. */
    private void closeLate() {
        long now = System.nanoTime();
        waiting.forEach((ctx, w) -> {
            if (now - w.since() > deadline.toNanos() && waiting.remove(ctx, w)) {
                LOG.fine(() -> "closing a connection from " + ctx.remotePeer().address() + ": its headers took too long");
                // Interrupting a virtual thread blocked on a socket closes the socket: the header read ends.
                w.reader().interrupt();
            }
        });
    }

    @Override
    public void close() {
        watchdog.close();
        waiting.clear();
    }
}
