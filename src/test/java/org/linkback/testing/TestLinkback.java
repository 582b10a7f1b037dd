package org.linkback.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.linkback.LinkbackServer;
import org.linkback.config.LinkbackConfig;
import org.linkback.store.Database;

/**
 * The real linkback server on a random port, with its own HSQLDB file database in a
 * temporary folder, configured through a real YAML file.
 */
public final class TestLinkback implements AutoCloseable {

    private final Path dir;
    private final TestDatabase database;
    private final String yaml;
    private final Clock clock;
    private LinkbackServer server;

    private TestLinkback(Path dir, TestDatabase database, String yaml, Clock clock) {
        this.dir = dir;
        this.database = database;
        this.yaml = yaml;
        this.clock = clock;
        start();
    }

    /** Settings a test may change; everything else is the contract's default. */
    public record Settings(String siteBaseUrl, boolean allowPrivate, String moderation, int pingsPerMinute,
                           int maxBytes, int readTimeoutMs, int xmlRpcMaxBytes, String adminToken) {

        /** The admin token of test servers. */
        public static final String ADMIN_TOKEN = "test-admin-token-of-at-least-32-characters";

        public static Settings forSite(String siteBaseUrl) {
            return new Settings(siteBaseUrl, true, "approve", 1000, 1_048_576, 2000, 65_536, ADMIN_TOKEN);
        }

        public Settings allowPrivate(boolean allow) {
            return new Settings(siteBaseUrl, allow, moderation, pingsPerMinute, maxBytes, readTimeoutMs, xmlRpcMaxBytes, adminToken);
        }

        public Settings moderation(String mode) {
            return new Settings(siteBaseUrl, allowPrivate, mode, pingsPerMinute, maxBytes, readTimeoutMs, xmlRpcMaxBytes, adminToken);
        }

        public Settings pingsPerMinute(int limit) {
            return new Settings(siteBaseUrl, allowPrivate, moderation, limit, maxBytes, readTimeoutMs, xmlRpcMaxBytes, adminToken);
        }

        public Settings maxBytes(int limit) {
            return new Settings(siteBaseUrl, allowPrivate, moderation, pingsPerMinute, limit, readTimeoutMs, xmlRpcMaxBytes, adminToken);
        }

        public Settings readTimeoutMs(int millis) {
            return new Settings(siteBaseUrl, allowPrivate, moderation, pingsPerMinute, maxBytes, millis, xmlRpcMaxBytes, adminToken);
        }

        public Settings adminToken(String token) {
            return new Settings(siteBaseUrl, allowPrivate, moderation, pingsPerMinute, maxBytes, readTimeoutMs, xmlRpcMaxBytes, token);
        }
    }

    public static TestLinkback start(Settings settings) {
        return start(yaml(settings));
    }

    /**
     * Starts on the test's clock: job queues, leases, the sweep, feed versions and the request
     * limit see time pass only when the test moves it (a stopped clock means a retry never comes due).
     */
    public static TestLinkback start(Settings settings, TestClock clock) {
        return start(yaml(settings), clock);
    }

    /** Starts on a database of the test's choosing (e.g. an embedded one in the PostgreSQL pass). */
    public static TestLinkback startOn(TestDatabase database, Settings settings) {
        try {
            return new TestLinkback(Files.createTempDirectory("linkback-test"), database, yaml(settings), Clock.systemUTC());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts with a configuration of the test's own; a line {@code ${DATABASE}} in it stands for
     * the keys of {@code linkback.database} (see {@link TestDatabase}), four spaces in.
     */
    public static TestLinkback start(String yaml) {
        return start(yaml, Clock.systemUTC());
    }

    /** {@link #start(String)} on this clock. */
    public static TestLinkback start(String yaml, Clock clock) {
        try {
            Path dir = Files.createTempDirectory("linkback-test");
            return new TestLinkback(dir, TestDatabase.in(dir), yaml, clock);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The YAML a test server runs with; its database lives in {@code dir}. */
    public static String yaml(Settings s) {
        return """
                server:
                  host: 127.0.0.1
                  port: 0
                linkback:
                  public-url: http://linkback.test
                  database:
                ${DATABASE}
                  sites:
                    - name: test
                      base-url: %s
                      title: Test Blog
                  fetch:
                    connect-timeout-ms: 2000
                    read-timeout-ms: %d
                    max-bytes: %d
                    max-redirects: 3
                    allow-private-addresses: %s
                    per-host-interval-ms: 0
                  moderation:
                    default: %s
                  admin:
                    token: "%s"
                  limits:
                    pings-per-minute-per-ip: %d
                    pings-per-minute-per-source-host: %d
                    pings-per-minute-per-target: %d
                    requests-per-minute-per-ip: 100000
                    xmlrpc-max-bytes: %d
                  queue:
                    poll-ms: 200
                    retry-base-ms: 100
                    retry-max-ms: 400
                    max-attempts: 4
                """.formatted(s.siteBaseUrl(), s.readTimeoutMs(), s.maxBytes(), s.allowPrivate(), s.moderation(),
                              s.adminToken(), s.pingsPerMinute(), s.pingsPerMinute(), s.pingsPerMinute(), s.xmlRpcMaxBytes());
    }

    /** Writes the configuration file for a server whose database is {@link TestDatabase#in} dir, in dir. */
    public static Path writeConfig(Path dir, String yaml) throws IOException {
        return writeConfig(dir, TestDatabase.in(dir), yaml);
    }

    /** Writes the configuration file for a server on this database, in dir. */
    public static Path writeConfig(Path dir, TestDatabase database, String yaml) throws IOException {
        Path file = dir.resolve("linkback.yaml");
        Files.writeString(file, withDatabase(yaml, database));
        return file;
    }

    /** The YAML with its {@code ${DATABASE}} line filled in. */
    public static String withDatabase(String yaml, TestDatabase database) {
        return yaml.replace("${DATABASE}\n", database.yaml("    "));
    }

    /** The database this server runs on. */
    public TestDatabase database() {
        return database;
    }

    private void start() {
        try {
            server = LinkbackServer.start(LinkbackConfig.load(writeConfig(dir, database, yaml)), clock);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A second server on this one's database (an HSQLDB file database is shared within one JVM;
     * on PostgreSQL it is simply a second client): its own caches, the same data, the same clock.
     */
    public TestLinkback sibling() {
        try {
            return new TestLinkback(Files.createTempDirectory("linkback-test"), database, yaml, clock);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A configuration file for another process on this server's database, for
     * {@link ServerProcess} (PostgreSQL only: an embedded HSQLDB file belongs to one JVM).
     */
    public Path configForAnotherProcess() {
        try {
            return writeConfig(Files.createTempDirectory("linkback-test"), database, yaml);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The server's database, opened beside it (HSQLDB shares it within the JVM), for a test that
     * needs more rows than pings could send in time or reads what was stored; close it before the server.
     */
    public Database openDatabase() {
        return Database.open(database.config());
    }

    /** Stops the server and starts a new one on the same database files. */
    public void restart() {
        server.close();
        start();
    }

    /** Stops the server, does what a test needs done while it is down (a command on its database), starts it again. */
    public void whileStopped(Runnable work) {
        server.close();
        try {
            work.run();
        } finally {
            start();
        }
    }

    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.port() + pathAndQuery;
    }

    /** A GET with optional header pairs. */
    public HttpResponse<String> get(String pathAndQuery, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(pathAndQuery)));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** A GET with optional header pairs, the body as sent (e.g. compressed). */
    public HttpResponse<byte[]> getBytes(String pathAndQuery, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(pathAndQuery)));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A POST of raw bytes, with optional header pairs. */
    public HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) {
        return request("POST", path, contentType, body, headers);
    }

    /** Any request, with optional header pairs. */
    public HttpResponse<String> request(String method, String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** A form POST with this Content-Type header (which may name a charset) and an already-encoded body. */
    public HttpResponse<String> postForm(String path, String contentType, String encodedBody) {
        return post(path, contentType, encodedBody.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Polls GET path until its body contains text, for at most 15 seconds; returns the last answer. */
    public HttpResponse<String> awaitBody(String path, String text) {
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        Await.poll(Duration.ofSeconds(15), () -> {
            last.set(get(path));
            return last.get().body().contains(text);
        }); // the caller asserts on the answer, and says what it expected
        return last.get();
    }

    /**
     * Waits until no job is waiting or running in any queue (checks, sends, webhook deliveries):
     * each job's row goes only once it has finished and was not asked for again meanwhile. What a
     * job would have done has then been done, so a test can assert that something did not happen.
     */
    public void awaitNoJobs() {
        try (Database db = openDatabase()) {
            Await.until(Duration.ofSeconds(15), () -> jobs(db) == 0, () -> jobs(db) + " jobs still waiting or running");
        }
    }

    private static int jobs(Database db) {
        return db.read(h -> Stream.of("verify_job", "send_job", "webhook_job", "fediverse_delivery_job", "mail_job")
                .mapToInt(table -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Integer.class).one())
                .sum());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
