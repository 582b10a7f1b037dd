package org.linkback.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.linkback.store.Database;

/**
 * linkback at scale: N backlinks over N/10 articles written straight through the store, then the
 * real server started as its own process with the launcher's JVM flags (what {@code ./linkback serve}
 * runs): time until it answers, feed latency for one article and for the whole site (each request
 * after a change, so rendered afresh), a page of the admin list deep in the list, and the
 * server's resident memory after all that.
 */
final class ScaleBench {

    private static final String SITE = "http://blog.bench/";
    private static final String TOKEN = "bench-admin-token-of-at-least-32-characters";

    private ScaleBench() {
    }

    static void run(List<Integer> sizes) throws Exception {
        Path jar = Path.of("target/linkback.jar");
        if (!Files.exists(jar)) {
            System.out.println("  skipped: build target/linkback.jar first (./linkback build)");
            return;
        }
        for (int size : sizes) {
            runAt(size, jar);
        }
    }

    private static void runAt(int backlinks, Path jar) throws Exception {
        int articles = Math.max(1, backlinks / 10);
        System.out.printf("%n== Scale: %,d backlinks over %,d articles%n", backlinks, articles);
        Path dir = Files.createTempDirectory("linkback-bench-scale");
        long t0 = System.nanoTime();
        try (Database database = BenchServer.database(dir)) {
            Loader.load(database, "bench", SITE, backlinks, articles);
        }
        System.out.printf("  loaded in %.1f s (batches of 5,000 through the store)%n", (System.nanoTime() - t0) / 1e9);
        int port = freePort();
        Path config = BenchServer.configFile(dir, SITE, "");
        Files.writeString(config, Files.readString(config).replace("  port: 0", "  port: " + port)
                                  + "  admin:\n    token: " + TOKEN + "\n");
        String base = "http://127.0.0.1:" + port;
        try (HttpClient http = HttpClient.newHttpClient()) {
            // first start migrates nothing new but is the first open of the loaded files; then a restart
            Process server = start(jar, config, dir);
            double first = awaitHealthy(http, base, server);
            stop(server);
            server = start(jar, config, dir);
            double restart = awaitHealthy(http, base, server);
            System.out.printf("  start after loading: %.2f s; restart: %.2f s (process start to /observe/health 200)%n", first, restart);
            try {
                List<Double> article = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    String target = Loader.article(SITE, (int) ((i * 7919L) % articles));
                    article.add(timeGet(http, base + "/backlinks.json?target=" + encode(target)));
                }
                List<Double> site = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    // a moderator's change to some backlink of the site: the site feed must be rendered afresh
                    long id = 1 + (i * 104_729L) % backlinks;
                    send(http, HttpRequest.newBuilder(URI.create(base + "/admin/api/mentions/" + id + "/status"))
                            .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"" + (i % 2 == 0 ? "pending" : "approved") + "\"}")).build());
                    site.add(timeGet(http, base + "/backlinks.json?site=bench"));
                }
                List<Double> adminDeep = new ArrayList<>();
                List<Double> adminDeepApproved = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    long cursor = 1 + backlinks / 20 + i;
                    adminDeep.add(timeGet(http, base + "/admin/api/mentions?limit=50&cursor=" + cursor, "Authorization", "Bearer " + TOKEN));
                    adminDeepApproved.add(timeGet(http, base + "/admin/api/mentions?status=approved&limit=50&cursor=" + cursor,
                                                  "Authorization", "Bearer " + TOKEN));
                }
                System.out.printf("  one article's feed (each rendered afresh): p50 %.1f ms, p99 %.1f ms%n", p(article, 50), p(article, 99));
                System.out.printf("  site feed after a change:                  p50 %.1f ms, max %.1f ms%n", p(site, 50), p(site, 100));
                System.out.printf("  admin page 95%% deep:                       p50 %.1f ms (status=approved: %.1f ms)%n",
                                  p(adminDeep, 50), p(adminDeepApproved, 50));
                System.out.printf("  server RSS after all that: %d MiB (JVM flags: %s)%n", rssMiB(server.pid()), String.join(" ", jvmFlags()));
            } finally {
                stop(server);
            }
        }
    }

    /** The JVM flags {@code ./linkback serve} uses (the launcher passes them down), else none. */
    static List<String> jvmFlags() {
        String flags = System.getenv().getOrDefault("LINKBACK_JAVA_OPTS", "").strip();
        return flags.isEmpty() ? List.of() : Arrays.asList(flags.split("\\s+"));
    }

    private static Process start(Path jar, Path config, Path dir) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags());
        command.addAll(List.of("-jar", jar.toString(), "serve", "--config", config.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
    }

    private static double awaitHealthy(HttpClient http, String base, Process server) throws Exception {
        long start = server.info().startInstant().map(i -> i.toEpochMilli() * 1_000_000L).orElse(0L);
        long startNanos = System.nanoTime() - (System.currentTimeMillis() * 1_000_000L - start);
        for (int i = 0; i < 6000; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/observe/health")).build(),
                              HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - startNanos) / 1e9;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!server.isAlive()) {
                throw new IllegalStateException("the server stopped; see its log");
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("the server did not answer within a minute");
    }

    private static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor();
        }
    }

    private static double timeGet(HttpClient http, String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        long t0 = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        double ms = (System.nanoTime() - t0) / 1e6;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        return ms;
    }

    private static void send(HttpClient http, HttpRequest request) throws Exception {
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status >= 300) {
            throw new IllegalStateException(request.uri() + " answered " + status);
        }
    }

    private static long rssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    /** The percentile of the values (100: the largest). */
    static double p(List<Double> values, int percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
