package org.linkback.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A real HTTP server on 127.0.0.1 playing the other blogs: source and target pages,
 * redirects, errors and slow answers. It records the headers of every request it gets.
 */
public final class PageServer implements AutoCloseable {

    /** A canned answer. */
    public record Page(int status, String contentType, byte[] body, long delayMillis, String location) {
    }

    private final HttpServer server;
    private final Map<String, Page> pages = new ConcurrentHashMap<>();
    private final Map<String, Deque<Page>> sequences = new ConcurrentHashMap<>();
    private final List<Received> requests = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger mostInFlight = new java.util.concurrent.atomic.AtomicInteger();

    /** A request the server got. */
    public record Received(String path, Headers headers, long nanoTime) {
    }

    private final Map<String, Gate> gates = new ConcurrentHashMap<>();

    public PageServer() {
        this(plain());
    }

    private PageServer(HttpServer server) {
        this.server = server;
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::answer);
        server.start();
    }

    /**
     * An HTTPS page server with a test key store from src/test/resources/tls (password "changeit").
     */
    public static PageServer https(String keyStoreResource) {
        try (InputStream in = PageServer.class.getResourceAsStream(keyStoreResource)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, "changeit".toCharArray());
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, "changeit".toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(managers.getKeyManagers(), null, null);
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            return new PageServer(server);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A page server on another loopback address (127.0.0.2 ... 127.255.255.254): another host
     * name for the pages it serves.
     */
    public static PageServer on(String loopbackAddress) {
        try {
            return new PageServer(HttpServer.create(new InetSocketAddress(loopbackAddress, 0), 0));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer plain() {
        try {
            return HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** http://ADDRESS:PORT (127.0.0.1 unless made with {@link #on}), or https:// for an HTTPS server */
    public String origin() {
        return (server instanceof HttpsServer ? "https" : "http") + "://" + server.getAddress().getAddress().getHostAddress()
               + ":" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return origin() + path;
    }

    public PageServer html(String path, String html) {
        return page(path, htmlPage(html));
    }

    public PageServer status(String path, int status) {
        return page(path, statusPage(status));
    }

    public PageServer redirect(String path, String location) {
        return page(path, new Page(301, "text/html", new byte[0], 0, location));
    }

    public PageServer page(String path, Page page) {
        sequences.remove(path);
        pages.put(path, page);
        return this;
    }

    /** Answers with each page in turn; the last one repeats. */
    public PageServer sequence(String path, Page... answers) {
        pages.put(path, answers[answers.length - 1]);
        sequences.put(path, new ConcurrentLinkedDeque<>(List.of(answers)));
        return this;
    }

    /** An HTML page with status 200. */
    public static Page htmlPage(String html) {
        return new Page(200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), 0, null);
    }

    /** An empty answer with this status. */
    public static Page statusPage(int status) {
        return new Page(status, "text/html", ("<p>" + status + "</p>").getBytes(StandardCharsets.UTF_8), 0, null);
    }

    /** How many requests asked for this path. */
    public long count(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).count();
    }

    /** Every request received so far, oldest first. */
    public List<Received> requests() {
        return List.copyOf(requests);
    }

    /** True when some request asked for this path. */
    public boolean wasRequested(String path) {
        return requests.stream().anyMatch(r -> r.path().equals(path));
    }

    /**
     * A door on one path: requests for it wait inside the server until the test opens it, so a
     * test can act while linkback is in the middle of a fetch (at most a minute: a test that
     * forgets to open it still ends).
     */
    public static final class Gate {

        private final CountDownLatch arrived = new CountDownLatch(1);
        private final CountDownLatch opened = new CountDownLatch(1);

        /** Waits until a request for the path is waiting at the gate. */
        public void awaitArrival() throws InterruptedException {
            if (!arrived.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("no request came to the gate within 30 s");
            }
        }

        /** Lets every waiting (and later) request through. */
        public void open() {
            opened.countDown();
        }

        private void pass() throws InterruptedException {
            arrived.countDown();
            opened.await(60, TimeUnit.SECONDS);
        }
    }

    /** Holds the requests for {@code path} at a gate until the test opens it. */
    public Gate hold(String path) {
        Gate gate = new Gate();
        gates.put(path, gate);
        return gate;
    }

    /** The most requests this server was answering at the same time. */
    public int mostInFlight() {
        return mostInFlight.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            answerCounted(exchange);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void answerCounted(HttpExchange exchange) throws IOException {
        requests.add(new Received(exchange.getRequestURI().getRawPath(), exchange.getRequestHeaders(), System.nanoTime()));
        String key = exchange.getRequestURI().getRawPath()
                     + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        Page page = next(key).orElseGet(() -> pages.getOrDefault(key, pages.get(exchange.getRequestURI().getRawPath())));
        if (page == null) {
            page = new Page(404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8), 0, null);
        }
        try {
            Gate gate = gates.get(exchange.getRequestURI().getRawPath());
            if (gate != null) {
                gate.pass();
            }
            Thread.sleep(page.delayMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.getResponseHeaders().set("Content-Type", page.contentType());
        if (page.location() != null) {
            exchange.getResponseHeaders().set("Location", page.location());
        }
        exchange.sendResponseHeaders(page.status(), page.body().length == 0 ? -1 : page.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(page.body());
        } catch (IOException e) {
            // the client stopped reading (max-bytes or a timeout): expected in some tests
        }
    }

    private java.util.Optional<Page> next(String path) {
        Deque<Page> answers = sequences.get(path);
        if (answers == null) {
            return java.util.Optional.empty();
        }
        synchronized (answers) {
            return java.util.Optional.ofNullable(answers.size() > 1 ? answers.pollFirst() : answers.peekFirst());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
