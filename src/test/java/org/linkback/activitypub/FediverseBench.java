package org.linkback.activitypub;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jdbi.v3.core.statement.PreparedBatch;

import org.linkback.LinkbackServer;
import org.linkback.config.LinkbackConfig;
import org.linkback.store.Database;
import org.linkback.testing.PageServer;
import org.linkback.url.Urls;

/**
 * {@code ./linkback bench fediverse [fanout [WORKERS...] | inbox [CLIENTS...]]}: the fediverse
 * through the real server on loopback, on its own HSQLDB file database (durable by group commit).
 *
 * <p><b>Fan-out:</b> a site with 10,000 followers on 1,000 instances (10 each, sharing the
 * instance's shared inbox; the rows are written straight into the database) publishes a new
 * article the real way: the feed watcher (polling every 200 ms) finds a new entry in the
 * site's feed, the publisher queues one signed Create per shared inbox, the delivery workers
 * post them. The 1,000 instances are 1,000 loopback addresses (127.0.1.1 … 127.0.4.250) on one
 * port of one small HTTP server bound to the wildcard address (it answers loopback clients only):
 * 1,000 distinct hosts to the queue's one-job-per-host rule. Each inbox checks the signature with
 * the site's key, answers 202 and counts. Measured: seconds from the changed feed being served
 * to the 1,000th inbox's POST. Goal: under 30 s.
 *
 * <p><b>Inbox:</b> a "remote actor" on 127.0.0.2 serves its actor document (an RSA-2048 key made
 * here); N clients post signed {@code Like}s (each a new id, so a new backlink) of 100 articles
 * the site has published (rows of {@code fediverse_article}, so no article is fetched) to the
 * shared inbox, over keep-alive connections, for 10 s after a warm-up, with the key in the
 * server's cache. The requests are signed before the clock starts (signing costs the client more
 * than checking costs the server) and written as raw HTTP/1.1, so the two cores go to the
 * server. Measured: activities/s, p50/p99, and the backlinks stored. Goal: at least 1,000/s.
 *
 * <p>Everything (server, load, fake instances) shares this machine's cores.
 */
public final class FediverseBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int INSTANCES = 1_000;
    private static final int FOLLOWERS_PER_INSTANCE = 10;
    private static final int ARTICLES = 100;
    private static final String ACTIVITY_JSON = "application/activity+json";

    private FediverseBench() {
    }

    /** What one fan-out took. */
    private record FanOut(int workers, double seconds, double pollWait, long deliveries, long delivered, long posts, int duplicates,
                          int badSignatures) {
    }

    /** What one inbox phase measured. */
    private record InboxRun(int clients, double perSecond, double p50, double p99, long accepted, long other, double seconds,
                            double coresBusy) {
    }

    public static void run(List<String> args) throws Exception {
        String which = args.isEmpty() ? "all" : args.get(0);
        if (!which.equals("all") && !which.equals("fanout") && !which.equals("inbox")) {
            throw new IllegalArgumentException("fediverse [fanout [WORKERS...] | inbox [CLIENTS...]], not " + which);
        }
        List<Integer> numbers = args.size() > 1 ? args.subList(1, args.size()).stream().map(Integer::parseInt).toList() : List.of();
        System.out.println("  note: linkback, the load generator and the fake instances all share these "
                           + Runtime.getRuntime().availableProcessors() + " cores; loopback only");
        List<FanOut> fanOuts = new ArrayList<>();
        List<InboxRun> inboxRuns = new ArrayList<>();
        if (which.equals("all") || which.equals("fanout")) {
            for (int workers : numbers.isEmpty() ? List.of(16, 64, 16, 64) : numbers) {
                fanOuts.add(fanOut(workers, fanOuts.isEmpty()));
            }
        }
        if (which.equals("all") || which.equals("inbox")) {
            for (int round = 1; round <= 2; round++) {
                inboxRuns.addAll(inbox(round, numbers.isEmpty() ? List.of(16, 32) : numbers, 10));
            }
        }
        StringBuilder summary = new StringBuilder("fediverse summary (" + Runtime.getRuntime().availableProcessors() + " shared cores):");
        if (!fanOuts.isEmpty()) {
            summary.append(" fan-out to 1,000 instances (goal < 30 s):");
            fanOuts.forEach(f -> summary.append(String.format(" %.1f s (%d workers%s)", f.seconds(), f.workers(),
                                                              f.duplicates() > 0 || f.delivered() != INSTANCES ? ", NOT exactly once" : "")));
            summary.append(";");
        }
        if (!inboxRuns.isEmpty()) {
            summary.append(" inbox (goal >= 1,000/s):");
            inboxRuns.forEach(r -> summary.append(String.format(" %,.0f/s p50 %.1f p99 %.1f ms (%d clients)", r.perSecond(), r.p50(), r.p99(),
                                                                r.clients())));
        }
        System.out.printf("%n%s%n", summary);
    }

    // ---------------------------------------------------------------- fan-out

    private static String instanceAddress(int i) {
        return "127.0." + (1 + i / 250) + "." + (1 + i % 250);
    }

    private static FanOut fanOut(int workers, boolean first) throws Exception {
        System.out.printf("%n== Fediverse fan-out: one new article to %,d followers on %,d instances (shared inboxes), %d delivery workers%n",
                          INSTANCES * FOLLOWERS_PER_INSTANCE, INSTANCES, workers);
        try (Instances instances = new Instances(INSTANCES); PageServer blog = new PageServer()) {
            instances.checkAllAnswer();
            for (String path : List.of("/blog/old-1", "/blog/old-2", "/blog/old-3", "/blog/new")) {
                blog.html(path, "<html><head><title>" + path + "</title></head><body><p>A post.</p></body></html>");
            }
            Instant old = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
            List<String> backlog = List.of(entry(blog, "/blog/old-1", old), entry(blog, "/blog/old-2", old.plusSeconds(60)),
                                           entry(blog, "/blog/old-3", old.plusSeconds(120)));
            feed(blog, backlog);

            Path dir = Files.createTempDirectory("linkback-bench-fediverse");
            String jdbc = "jdbc:hsqldb:file:" + dir.resolve("db/linkback");
            long t = System.nanoTime();
            try (Database database = Database.open(new LinkbackConfig.Database(jdbc, "SA", ""))) {
                insertFollowers(database, instances.port);
            }
            System.out.printf("  %,d follower rows written in %.1f s%n", INSTANCES * FOLLOWERS_PER_INSTANCE, (System.nanoTime() - t) / 1e9);

            int port = freePort();
            String site = "      feed-url: " + blog.url("/blog/feed.xml") + "\n";
            try (LinkbackServer server = start(dir, port, blog.url("/blog/"), site, workers);
                 Database database = Database.open(new LinkbackConfig.Database(jdbc, "SA", ""))) {
                // the first look (the backlog: published to nobody) has been made once a second poll came
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (blog.count("/blog/feed.xml") < 2) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the feed was not read");
                    }
                    Thread.sleep(20);
                }
                long backlogArticles = count(database, "SELECT COUNT(*) FROM fediverse_article");
                instances.key = siteKey(port);
                System.out.printf("  first look done: %d articles known, %d deliveries queued (the backlog is not sent)%n", backlogArticles,
                                  count(database, "SELECT COUNT(*) FROM fediverse_delivery"));

                Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                List<String> entries = new ArrayList<>();
                entries.add(entry(blog, "/blog/new", now));
                entries.addAll(backlog);
                var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
                long cpu0 = os.getProcessCpuTime();
                long changed = System.nanoTime();
                feed(blog, entries);
                boolean all = instances.allReached.await(120, TimeUnit.SECONDS);
                double cores = (os.getProcessCpuTime() - cpu0) / 1e9 / ((System.nanoTime() - changed) / 1e9);
                long served = blog.requests().stream().filter(r -> r.path().equals("/blog/feed.xml") && r.nanoTime() >= changed)
                        .mapToLong(PageServer.Received::nanoTime).min().orElse(changed);
                if (!all) {
                    System.out.printf("  NOT DONE after 120 s: %d of %d inboxes reached%n", instances.reached.get(), INSTANCES);
                }
                long done = all ? instances.allAt.get() : System.nanoTime();
                double seconds = (done - served) / 1e9;
                Thread.sleep(2_000); // anything more (a duplicate, a retry) comes now
                long deliveries = count(database, "SELECT COUNT(*) FROM fediverse_delivery");
                long delivered = count(database, "SELECT COUNT(*) FROM fediverse_delivery WHERE delivered_at IS NOT NULL");
                long jobsLeft = count(database, "SELECT COUNT(*) FROM fediverse_delivery_job");
                int duplicates = instances.posts.values().stream().mapToInt(c -> Math.max(0, c.get() - 1)).sum();
                System.out.printf("  the feed changed; the watcher read it %.3f s later (poll interval 200 ms)%n", (served - changed) / 1e9);
                System.out.printf("  served feed -> first inbox POST:   %6.2f s (publisher: article stored, %,d deliveries queued)%n",
                                  (instances.firstAt.get() - served) / 1e9, deliveries);
                System.out.printf("  first POST -> 1,000th inbox:       %6.2f s (%,.0f deliveries/s)%n",
                                  (done - instances.firstAt.get()) / 1e9, INSTANCES / ((done - instances.firstAt.get()) / 1e9));
                System.out.printf("  FAN-OUT: %.2f s from the new feed being served to all %,d inboxes (%d workers; goal < 30 s); "
                                  + "this process kept %.2f of %d cores busy%s%n", seconds, instances.reached.get(), workers, cores,
                                  Runtime.getRuntime().availableProcessors(), first ? " (the first fan-out in this JVM: not yet compiled)" : "");
                System.out.printf("  deliveries (rows): %,d, delivered %,d, jobs left %,d; POSTs received %,d, duplicates %d, "
                                  + "bad or missing signatures %d, not a Create of the new article %d%n",
                                  deliveries, delivered, jobsLeft, instances.total.get(), duplicates, instances.badSignatures.get(),
                                  instances.wrongActivity.get());
                return new FanOut(workers, seconds, (served - changed) / 1e9, deliveries, delivered, instances.total.get(), duplicates,
                                  instances.badSignatures.get());
            }
        }
    }

    private static void insertFollowers(Database database, int port) {
        Timestamp now = Timestamp.from(Instant.now());
        database.useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO fediverse_follower (site, actor, inbox, shared_inbox, followed_at) "
                                                 + "VALUES ('bench', :actor, :inbox, :shared, :now)");
            for (int i = 0; i < INSTANCES; i++) {
                String origin = "http://" + instanceAddress(i) + ":" + port;
                for (int f = 0; f < FOLLOWERS_PER_INSTANCE; f++) {
                    batch.bind("actor", origin + "/users/u" + f).bind("inbox", origin + "/users/u" + f + "/inbox")
                            .bind("shared", origin + "/inbox").bind("now", now).add();
                }
            }
            batch.execute();
        });
    }

    private static String entry(PageServer blog, String path, Instant published) {
        return "<entry><title>Post %s</title><id>tag:bench,2026:%s</id><link href=\"%s\"/><published>%s</published><updated>%s</updated>"
                       .formatted(path, path, blog.url(path), published, published)
               + "<summary type=\"html\">&lt;p&gt;About " + path + "&lt;/p&gt;</summary></entry>";
    }

    private static void feed(PageServer blog, List<String> entries) {
        blog.page("/blog/feed.xml", new PageServer.Page(200, "application/atom+xml", ("""
                <?xml version="1.0" encoding="utf-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom"><title>Bench Blog</title><id>tag:bench,2026:blog</id>
                <updated>%s</updated>%s</feed>""").formatted(Instant.now().truncatedTo(ChronoUnit.SECONDS), String.join("", entries))
                .getBytes(StandardCharsets.UTF_8), 0, null));
    }

    /** The site's public key, from its actor document (the inboxes check every signature with it). */
    private static PublicKey siteKey(int port) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> actor = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ap/actors/bench"))
                                                           .header("Accept", ACTIVITY_JSON).build(), HttpResponse.BodyHandlers.ofString());
            return ActorKeys.publicKey(JSON.readTree(actor.body()).path("publicKey").path("publicKeyPem").asText()).orElseThrow();
        }
    }

    /**
     * The 1,000 instances: one HTTP server on the wildcard address (loopback clients only), each
     * loopback address an instance whose shared inbox is {@code /inbox}. Checks each POST's
     * signature, answers 202, counts per address.
     */
    private static final class Instances implements AutoCloseable {

        final HttpServer server;
        final int port;
        final int expected;
        final Map<String, AtomicInteger> posts = new ConcurrentHashMap<>();
        final AtomicInteger total = new AtomicInteger();
        final AtomicInteger reached = new AtomicInteger();
        final AtomicInteger badSignatures = new AtomicInteger();
        final AtomicInteger wrongActivity = new AtomicInteger();
        final AtomicLong firstAt = new AtomicLong();
        final AtomicLong allAt = new AtomicLong();
        final CountDownLatch allReached;
        volatile PublicKey key;

        Instances(int expected) throws IOException {
            this.expected = expected;
            this.allReached = new CountDownLatch(expected);
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0), 1024);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", this::answer);
            server.start();
            port = server.getAddress().getPort();
        }

        /** Linux answers on all of 127.0.0.0/8: a connection to each instance's address. */
        void checkAllAnswer() throws IOException {
            for (int i = 0; i < expected; i++) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(instanceAddress(i), port), 2_000);
                }
            }
        }

        private void answer(HttpExchange exchange) throws IOException {
            try (exchange) {
                if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
                    exchange.sendResponseHeaders(403, -1);
                    return;
                }
                byte[] body = exchange.getRequestBody().readAllBytes();
                if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals("/inbox")) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                String address = exchange.getLocalAddress().getAddress().getHostAddress();
                if (!signed(exchange, body, address)) {
                    badSignatures.incrementAndGet();
                }
                JsonNode activity = JSON.readTree(body);
                if (!activity.path("type").asText().equals("Create") || !activity.path("object").path("url").asText().endsWith("/blog/new")) {
                    wrongActivity.incrementAndGet();
                }
                long now = System.nanoTime();
                total.incrementAndGet();
                firstAt.compareAndSet(0, now);
                if (posts.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet() == 1) {
                    if (reached.incrementAndGet() == expected) {
                        allAt.set(now);
                    }
                    allReached.countDown();
                }
                exchange.sendResponseHeaders(202, -1);
            }
        }

        /** The request carries a signature of the site's key over the request target, Host (this address), Date and Digest. */
        private boolean signed(HttpExchange exchange, byte[] body, String address) {
            var headers = exchange.getRequestHeaders();
            try {
                HttpSignatures.Signature signature = HttpSignatures.parse(headers.getFirst("Signature"));
                HttpSignatures.checkRequest(signature, headers::getFirst, body, Instant.now());
                String signed = HttpSignatures.signingString(signature, "POST", exchange.getRequestURI().getRawPath(), headers::getFirst);
                return key != null && HttpSignatures.verifies(signature, key, signed)
                       && (address + ":" + port).equals(headers.getFirst("Host"));
            } catch (HttpSignatures.Invalid e) {
                return false;
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    // ---------------------------------------------------------------- inbox

    private static List<InboxRun> inbox(int round, List<Integer> clientCounts, int seconds) throws Exception {
        System.out.printf("%n== Fediverse inbox, round %d: signed Likes to the shared inbox, key cached, %d articles, clients %s, %d s each%n",
                          round, ARTICLES, clientCounts, seconds);
        List<InboxRun> runs = new ArrayList<>();
        try (PageServer blog = new PageServer(); RemoteActor remote = new RemoteActor()) {
            Path dir = Files.createTempDirectory("linkback-bench-fediverse");
            String jdbc = "jdbc:hsqldb:file:" + dir.resolve("db/linkback");
            try (Database database = Database.open(new LinkbackConfig.Database(jdbc, "SA", ""))) {
                insertArticles(database, blog);
            }
            int port = freePort();
            try (LinkbackServer server = start(dir, port, blog.url("/blog/"), "", 16);
                 Database database = Database.open(new LinkbackConfig.Database(jdbc, "SA", ""))) {
                Likes likes = new Likes(remote, blog, port);
                // warm-up: the key is fetched once, the server's JVM compiles its hot paths
                InboxRun warm = likes.send(32, likes.sign(10_000), 30);
                System.out.printf("  warm-up: %,d Likes at %,.0f/s (32 clients); the actor document was fetched %d time(s)%n",
                                  warm.accepted() + warm.other(), warm.perSecond(), remote.gets.get());
                double rate = warm.perSecond();
                long acceptedSoFar = warm.accepted();
                for (int clients : clientCounts) {
                    int poolSize = (int) Math.min(60_000, Math.max(5_000, rate * seconds * 2));
                    long t0 = System.nanoTime();
                    byte[][] pool = likes.sign(poolSize);
                    double signing = (System.nanoTime() - t0) / 1e9;
                    InboxRun run = likes.send(clients, pool, seconds);
                    acceptedSoFar += run.accepted();
                    long stored = count(database, "SELECT COUNT(*) FROM mention WHERE kind = 'activitypub'");
                    String statuses = database.read(h -> h.createQuery("SELECT status, COUNT(*) AS n FROM mention WHERE kind = 'activitypub' "
                                                                       + "GROUP BY status ORDER BY status")
                            .map((rs, ctx) -> rs.getString("status") + " " + rs.getLong("n")).list()).toString();
                    System.out.printf("  INBOX %2d clients: %,6.0f activities/s   p50 %5.1f ms   p99 %6.1f ms   (%,d answered 202, %,d other, "
                                      + "in %.1f s; this process kept %.2f of %d cores busy; %,d pre-signed in %.1f s before)%n", clients,
                                      run.perSecond(), run.p50(), run.p99(), run.accepted(), run.other(), run.seconds(), run.coresBusy(),
                                      Runtime.getRuntime().availableProcessors(), poolSize, signing);
                    System.out.printf("      backlinks of kind activitypub stored: %,d of %,d accepted so far %s%s%n", stored, acceptedSoFar,
                                      statuses, stored == acceptedSoFar ? "" : "  <-- MISMATCH");
                    runs.add(run);
                    rate = Math.max(rate, run.perSecond());
                }
                System.out.printf("  actor document fetched %d time(s) in all; article pages fetched %d time(s) (known articles: none expected)%n",
                                  remote.gets.get(), blog.requests().size());
            }
        }
        return runs;
    }

    private static String article(PageServer blog, int n) {
        return Urls.parseCanonical(blog.url("/blog/posts/" + n)).orElseThrow().toString();
    }

    /** The site's published articles, as the publisher stores them: a Like of one is taken without fetching it. */
    private static void insertArticles(Database database, PageServer blog) {
        Timestamp now = Timestamp.from(Instant.now());
        database.useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO fediverse_article (object_key, site, url, title, published_at, delivered) "
                                                 + "VALUES (:key, 'bench', :url, :title, :now, TRUE)");
            for (int i = 0; i < ARTICLES; i++) {
                batch.bind("key", Actors.objectKey(article(blog, i))).bind("url", article(blog, i)).bind("title", "Post " + i)
                        .bind("now", now).add();
            }
            batch.execute();
        });
    }

    /** A remote fediverse account on 127.0.0.2: its actor document with an RSA-2048 key made here. */
    private static final class RemoteActor implements AutoCloseable {

        final HttpServer server;
        final String origin;
        final String actor;
        final KeyPair keys;
        final AtomicInteger gets = new AtomicInteger();

        RemoteActor() throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
            server = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            origin = "http://127.0.0.2:" + server.getAddress().getPort();
            actor = origin + "/actor";
            String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(keys.getPublic().getEncoded())
                         + "\n-----END PUBLIC KEY-----\n";
            byte[] document = JSON.writeValueAsBytes(Map.of(
                    "@context", List.of("https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"),
                    "id", actor, "type", "Person", "preferredUsername", "bench", "name", "Bench Liker",
                    "inbox", origin + "/inbox",
                    "publicKey", Map.of("id", actor + "#main-key", "owner", actor, "publicKeyPem", pem)));
            server.createContext("/actor", exchange -> {
                try (exchange) {
                    gets.incrementAndGet();
                    exchange.getResponseHeaders().set("Content-Type", ACTIVITY_JSON);
                    exchange.sendResponseHeaders(200, document.length);
                    exchange.getResponseBody().write(document);
                }
            });
            server.start();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** Signed Likes, each of its own id, and the clients that post them. */
    private static final class Likes {

        private final RemoteActor remote;
        private final PageServer blog;
        private final int port;
        private final URI inbox;
        private final AtomicInteger next = new AtomicInteger();

        Likes(RemoteActor remote, PageServer blog, int port) {
            this.remote = remote;
            this.blog = blog;
            this.port = port;
            this.inbox = URI.create("http://127.0.0.1:" + port + "/ap/inbox");
        }

        /** {@code n} whole requests (raw HTTP/1.1), signed now, on both cores. */
        byte[][] sign(int n) {
            int first = next.getAndAdd(n);
            return IntStream.range(first, first + n).parallel().mapToObj(this::request).toArray(byte[][]::new);
        }

        private byte[] request(int i) {
            String published = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            byte[] body = ("{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"id\":\"" + remote.origin + "/likes/" + i
                           + "\",\"type\":\"Like\",\"actor\":\"" + remote.actor + "\",\"object\":\"" + article(blog, i % ARTICLES)
                           + "\",\"published\":\"" + published + "\"}").getBytes(StandardCharsets.UTF_8);
            Map<String, String> signed = HttpSignatures.signedPost(inbox, ACTIVITY_JSON, body, remote.actor + "#main-key",
                                                                   remote.keys.getPrivate(), Instant.now());
            StringBuilder head = new StringBuilder("POST /ap/inbox HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: " + ACTIVITY_JSON
                                                   + "\r\nAccept: */*\r\n");
            signed.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
            byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
            System.arraycopy(body, 0, request, headBytes.length, body.length);
            return request;
        }

        /** Posts the pool from {@code clients} keep-alive connections until it is used up or {@code seconds} have passed. */
        InboxRun send(int clients, byte[][] pool, int seconds) throws InterruptedException {
            AtomicInteger taken = new AtomicInteger();
            long[] latencies = new long[pool.length];
            int[] statuses = new int[pool.length];
            AtomicLong sample = new AtomicLong();
            List<String> firstOther = new ArrayList<>();
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            long deadline = t0 + TimeUnit.SECONDS.toNanos(seconds);
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    Socket socket = null;
                    try {
                        InputStream in = null;
                        OutputStream out = null;
                        while (System.nanoTime() < deadline) {
                            int i = taken.getAndIncrement();
                            if (i >= pool.length) {
                                break;
                            }
                            if (socket == null) {
                                socket = new Socket();
                                socket.setTcpNoDelay(true);
                                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                                socket.setSoTimeout(30_000);
                                in = new BufferedInputStream(socket.getInputStream());
                                out = socket.getOutputStream();
                            }
                            long start = System.nanoTime();
                            out.write(pool[i]);
                            out.flush();
                            Answer answer = Answer.read(in);
                            latencies[i] = System.nanoTime() - start;
                            statuses[i] = answer.status();
                            if (answer.status() != 202 && sample.getAndIncrement() == 0) {
                                synchronized (firstOther) {
                                    firstOther.add(answer.status() + " " + answer.body());
                                }
                            }
                            if (answer.close()) {
                                socket.close();
                                socket = null;
                            }
                        }
                    } catch (IOException e) {
                        synchronized (firstOther) {
                            firstOther.add("client failed: " + e);
                        }
                    } finally {
                        if (socket != null) {
                            try {
                                socket.close();
                            } catch (IOException ignored) {
                                // closing
                            }
                        }
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            double cores = (os.getProcessCpuTime() - cpu0) / 1e9 / elapsed;
            List<Double> ms = new ArrayList<>();
            long accepted = 0;
            long other = 0;
            for (int i = 0; i < pool.length; i++) {
                if (statuses[i] == 0) {
                    continue;
                }
                ms.add(latencies[i] / 1e6);
                if (statuses[i] == 202) {
                    accepted++;
                } else {
                    other++;
                }
            }
            if (!firstOther.isEmpty()) {
                System.out.println("      not 202: " + firstOther);
            }
            ms.sort(null);
            return new InboxRun(clients, (accepted + other) / elapsed, percentile(ms, 50), percentile(ms, 99), accepted, other,
                                elapsed, cores);
        }
    }

    /** An HTTP/1.1 answer, read off a keep-alive connection. */
    private record Answer(int status, boolean close, String body) {

        static Answer read(InputStream in) throws IOException {
            String statusLine = line(in);
            if (statusLine == null) {
                throw new IOException("the server closed the connection");
            }
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            long length = 0;
            boolean chunked = false;
            boolean close = statusLine.startsWith("HTTP/1.0");
            for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).strip().toLowerCase();
                String value = header.substring(colon + 1).strip();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    default -> { }
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                for (long size = Long.parseLong(line(in).split(";")[0].strip(), 16); size > 0; size = Long.parseLong(line(in).split(";")[0].strip(), 16)) {
                    body.write(in.readNBytes((int) size));
                    line(in);
                }
                line(in);
            } else {
                body.write(in.readNBytes((int) length));
            }
            return new Answer(status, close, body.toString(StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c == -1) {
                    return line.isEmpty() ? null : line.toString();
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }

    // ---------------------------------------------------------------- common

    /** linkback on {@code port}, its public URL its own address (peers fetch its actor and keys there). */
    private static LinkbackServer start(Path dir, int port, String baseUrl, String moreSite, int workers) throws IOException {
        Path file = dir.resolve("linkback.yaml");
        Files.writeString(file, """
                server:
                  host: 127.0.0.1
                  port: %d
                linkback:
                  public-url: http://127.0.0.1:%d
                  database:
                    url: jdbc:hsqldb:file:%s
                  sites:
                    - name: bench
                      base-url: %s
                      title: Bench Blog
                %s  fetch:
                    allow-private-addresses: true
                    max-per-host: 64
                    per-host-interval-ms: 0
                  send:
                    feed-poll-ms: 200
                  sweep:
                    interval-ms: 0
                  limits:
                    pings-per-minute-per-ip: 0
                    pings-per-minute-per-source-host: 0
                    pings-per-minute-per-target: 0
                    requests-per-minute-per-ip: 0
                  fediverse:
                    activities-per-minute-per-host: 100000000
                    delivery-workers: %d
                """.formatted(port, port, dir.resolve("db/linkback"), baseUrl, moreSite, workers));
        return LinkbackServer.start(LinkbackConfig.load(file));
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    private static long count(Database database, String sql) {
        return database.read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static double percentile(List<Double> sorted, int p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
