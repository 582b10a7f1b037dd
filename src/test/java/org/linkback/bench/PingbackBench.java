package org.linkback.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import org.linkback.LinkbackServer;
import org.linkback.config.LinkbackConfig;
import org.linkback.testing.PageServer;
import org.linkback.testing.TestDatabase;
import org.linkback.testing.TestLinkback;

/**
 * {@code ./linkback bench}: pingbacks per second end to end (XML-RPC parse, target check,
 * source fetch over loopback, verification, durable insert) and feed reads per second,
 * against the real server and a real local page server. Not a test: it prints numbers.
 *
 * <p>Arguments: {@code [pings] [concurrency]}, default 2000 and 16.
 */
public final class PingbackBench {

    private PingbackBench() {
    }

    static void main(String[] args) throws Exception {
        int pings = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        System.out.printf("linkback bench: %d pings, %d concurrent clients, %d cores%n",
                          pings, concurrency, Runtime.getRuntime().availableProcessors());
        for (String writeDelay : List.of("false", "true")) {
            run(pings, concurrency, writeDelay);
        }
    }

    private static void run(int pings, int concurrency, String writeDelay) throws Exception {
        try (PageServer blogs = new PageServer()) {
            blogs.html("/blog/post", "<html><head><title>Our post</title></head><body>article</body></html>");
            String article = "<html><head><title>Their post %d | Their Blog</title></head><body><p>" + "Some words. ".repeat(200)
                             + "<a href=\"" + blogs.url("/blog/post") + "\">our post</a> and more words.</p></body></html>";
            for (int i = 0; i < pings; i++) {
                blogs.html("/source/" + i, article.formatted(i));
            }
            Path dir = Files.createTempDirectory("linkback-bench");
            String yaml = TestLinkback.yaml(TestLinkback.Settings.forSite(blogs.url("/blog/")).pingsPerMinute(0))
                    // every source page is on one local host here; real senders spread over many
                    .replace("    max-redirects: 3\n", "    max-redirects: 3\n    max-per-host: 64\n");
            LinkbackServer server = LinkbackServer.start(LinkbackConfig.load(TestLinkback.writeConfig(
                    dir, new TestDatabase("jdbc:hsqldb:file:" + dir.resolve("db/linkback") + ";hsqldb.write_delay=" + writeDelay, "SA", ""), yaml)));
            String base = "http://127.0.0.1:" + server.port();
            try (HttpClient http = HttpClient.newHttpClient()) {
                System.out.printf("%nHSQLDB write_delay=%s%s%n", writeDelay,
                                  writeDelay.equals("false") ? " (the default: durable before we answer)" : " (NOT durable; for comparison)");
                measure("pingback.ping", pings, concurrency, i -> {
                    String body = "<?xml version=\"1.0\"?><methodCall><methodName>pingback.ping</methodName><params>"
                                  + "<param><value><string>" + blogs.url("/source/" + i) + "</string></value></param>"
                                  + "<param><value><string>" + blogs.url("/blog/post") + "</string></value></param>"
                                  + "</params></methodCall>";
                    return post(http, base + "/xmlrpc", body);
                });
                List<String> locations = Collections.synchronizedList(new ArrayList<>());
                blogs.html("/blog/mentioned", "<p>another post</p>");
                for (int i = 0; i < pings; i++) {
                    blogs.html("/note/" + i, "<p>A note on <a href=\"" + blogs.url("/blog/mentioned") + "\">that</a>.</p>");
                }
                long queued = System.nanoTime();
                measure("webmention (202)", pings, concurrency, i -> {
                    HttpResponse<String> response = http.send(
                            HttpRequest.newBuilder(URI.create(base + "/webmention"))
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(HttpRequest.BodyPublishers.ofString("source=" + blogs.url("/note/" + i)
                                                                              + "&target=" + blogs.url("/blog/mentioned")))
                                    .build(), HttpResponse.BodyHandlers.ofString());
                    locations.add(response.headers().firstValue("Location").orElseThrow());
                    return response.statusCode();
                });
                for (String location : locations) {
                    while (!get(http, base + location).contains("\"verified\"")) {
                        Thread.sleep(20);
                    }
                }
                System.out.printf("  %-24s %7.0f/s   (all %d verified %.1f s after the first was sent)%n", "webmention verified",
                                  pings / ((System.nanoTime() - queued) / 1e9), pings, (System.nanoTime() - queued) / 1e9);
                String feed = base + "/backlinks.json?target=" + blogs.url("/blog/post");
                measure("GET feed (100 entries)", pings, concurrency, i -> status(http, feed, null));
                String etag = http.send(HttpRequest.newBuilder(URI.create(feed)).build(), HttpResponse.BodyHandlers.ofString())
                        .headers().firstValue("ETag").orElseThrow();
                measure("GET feed, 304", pings, concurrency, i -> status(http, feed, etag));
            } finally {
                server.close();
            }
        }
    }

    private static int post(HttpClient http, String url, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                                                          .header("Content-Type", "text/xml")
                                                          .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                                                          .build(), HttpResponse.BodyHandlers.ofString());
        if (response.body().contains("<fault>")) {
            throw new IllegalStateException("fault: " + response.body());
        }
        return response.statusCode();
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int status(HttpClient http, String url, String etag) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    interface Call {
        int call(int i) throws Exception;
    }

    private static void measure(String name, int count, int concurrency, Call call) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            List<Future<Integer>> results = new ArrayList<>();
            IntFunction<Future<Integer>> submit = i -> pool.submit(() -> {
                long t0 = System.nanoTime();
                int status = call.call(i);
                latencies.add(System.nanoTime() - t0);
                return status;
            });
            for (int i = 0; i < count; i++) {
                results.add(submit.apply(i));
            }
            for (Future<Integer> result : results) {
                result.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("  %-24s %7.0f/s   p50 %6.1f ms   p99 %6.1f ms%n", name, count / seconds,
                          sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6);
    }
}
