package org.linkback.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.linkback.store.Database;
import org.linkback.testing.Nginx;

/**
 * Feed serving side by side with nginx: one article with {@value #BACKLINKS} backlinks (a 108 KB
 * JSON Feed), fetched from linkback, and the same bytes written to a file that nginx serves and
 * sent by a bare Helidon route ({@link BareHelidon}: the ceiling of the server we build on); wrk
 * (2 threads, 50 connections) against each in turn, plain and with gzip. Prints all three and the ratios.
 */
final class FeedBench {

    static final String SITE = "http://blog.bench/";

    private FeedBench() {
    }

    /** Backlinks of the one article: its JSON Feed is then about 108 KB, the size the issue measured. */
    static final int BACKLINKS = 112;

    static void run(int seconds) throws Exception {
        run(seconds, BACKLINKS);
    }

    static void run(int seconds, int backlinks) throws Exception {
        System.out.printf("%n== Feeds: /backlinks.json of one article with %d backlinks, wrk -t2 -c50 -d%ds%n", backlinks, seconds);
        if (!Wrk.installed() || !Nginx.installed()) {
            System.out.println("  skipped: needs Debian's nginx and wrk (apt-get install -y nginx wrk)");
            return;
        }
        Path dir = Files.createTempDirectory("linkback-bench");
        try (Database database = BenchServer.database(dir)) {
            Loader.load(database, "bench", SITE, backlinks, 1);
        }
        String target = Loader.article(SITE, 0);
        String feedPath = "/backlinks.json?target=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
        try (BenchServer linkback = BenchServer.start(dir, SITE, "")) {
            HttpResponse<byte[]> feed;
            byte[] gzipped;
            try (HttpClient http = HttpClient.newHttpClient()) {
                feed = http.send(HttpRequest.newBuilder(URI.create(linkback.url(feedPath))).build(), HttpResponse.BodyHandlers.ofByteArray());
                gzipped = http.send(HttpRequest.newBuilder(URI.create(linkback.url(feedPath))).header("Accept-Encoding", "gzip").build(),
                                    HttpResponse.BodyHandlers.ofByteArray()).body();
            }
            String etag = feed.headers().firstValue("ETag").orElseThrow();
            Path www = Files.createTempDirectory("linkback-bench-www");
            Files.write(www.resolve("feed.json"), feed.body());
            Files.write(www.resolve("feed.json.gz"), gzipped);
            System.out.printf("  feed: %,d bytes, gzip %,d bytes (nginx: sendfile; gzip_static, the same compressed file beside it;"
                              + " bare Helidon: one route sending the same bytes from memory)%n", feed.body().length, gzipped.length);
            try (Nginx nginx = Nginx.serve(www, List.of("127.0.0.1"), null);
                 BareHelidon bare = BareHelidon.serve(feed.body(), gzipped, "application/feed+json");
                 BareHelidon bigBuffers = BareHelidon.serve(feed.body(), gzipped, "application/feed+json", 256 * 1024)) {
                String nginxUrl = "http://127.0.0.1:" + nginx.port + "/feed.json";
                Wrk.run(linkback.url(feedPath), 50, 3, null); // warm-up: JIT
                Wrk.run(bare.url("/plain"), 50, 3, null);
                Wrk.run(linkback.url(feedPath), 50, 3, null, "Accept-Encoding: gzip");
                Wrk.run(bare.url("/gzip"), 50, 3, null);
                Wrk.run(nginxUrl, 50, 2, null);
                compare("plain", seconds, linkback.url(feedPath), bare.url("/plain"), nginxUrl);
                Wrk.run(bigBuffers.url("/plain"), 50, 3, null);
                Wrk.Result big = Wrk.run(bigBuffers.url("/plain"), 50, seconds, null);
                System.out.println("    bare Helidon, 256 KB write and socket send buffers " + big.line());
                compare("gzip", seconds, linkback.url(feedPath), bare.url("/gzip"), nginxUrl, "Accept-Encoding: gzip");
                Wrk.Result ours304 = Wrk.run(linkback.url(feedPath), 50, seconds, null, "If-None-Match: " + etag);
                Wrk.Result theirs304 = Wrk.run(nginxUrl, 50, seconds, null, "If-None-Match: " + nginxEtag(nginxUrl));
                System.out.println("  304:");
                System.out.println("    linkback       " + ours304.line());
                System.out.println("    nginx          " + theirs304.line());
                System.out.printf("    linkback / nginx %.2f%n", ours304.requestsPerSecond() / theirs304.requestsPerSecond());
            }
        }
    }

    /** Ours, the bare Helidon route and nginx, one after the other with the same headers, and the ratios. */
    private static void compare(String label, int seconds, String ours, String bare, String nginx, String... headers) throws Exception {
        Wrk.Result linkback = Wrk.run(ours, 50, seconds, null, headers);
        Wrk.Result helidon = Wrk.run(bare, 50, seconds, null, headers);
        Wrk.Result theirs = Wrk.run(nginx, 50, seconds, null, headers);
        System.out.println("  " + label + ":");
        System.out.println("    linkback       " + linkback.line());
        System.out.println("    bare Helidon   " + helidon.line());
        System.out.println("    nginx          " + theirs.line());
        System.out.printf("    linkback / nginx %.2f   bare Helidon / nginx %.2f   linkback / bare Helidon %.2f%n",
                          linkback.requestsPerSecond() / theirs.requestsPerSecond(),
                          helidon.requestsPerSecond() / theirs.requestsPerSecond(),
                          linkback.requestsPerSecond() / helidon.requestsPerSecond());
    }

    private static String nginxEtag(String url) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .headers().firstValue("ETag").orElseThrow();
        }
    }
}
