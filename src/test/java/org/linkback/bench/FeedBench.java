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
 * Feed serving side by side with nginx: one article with 50 backlinks, its JSON Feed fetched
 * from linkback, and the same bytes written to a file that nginx serves; wrk (2 threads,
 * 50 connections) against each in turn. Prints both and the ratio.
 */
final class FeedBench {

    static final String SITE = "http://blog.bench/";

    private FeedBench() {
    }

    static void run(int seconds) throws Exception {
        System.out.printf("%n== Feeds: /backlinks.json of one article with 50 backlinks, wrk -t2 -c50 -d%ds%n", seconds);
        if (!Wrk.installed() || !Nginx.installed()) {
            System.out.println("  skipped: needs Debian's nginx and wrk (apt-get install -y nginx wrk)");
            return;
        }
        Path dir = Files.createTempDirectory("linkback-bench");
        try (Database database = BenchServer.database(dir)) {
            Loader.load(database, "bench", SITE, 50, 1);
        }
        String target = Loader.article(SITE, 0);
        String feedPath = "/backlinks.json?target=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
        try (BenchServer linkback = BenchServer.start(dir, SITE, "")) {
            HttpResponse<byte[]> feed;
            try (HttpClient http = HttpClient.newHttpClient()) {
                feed = http.send(HttpRequest.newBuilder(URI.create(linkback.url(feedPath))).build(), HttpResponse.BodyHandlers.ofByteArray());
            }
            String etag = feed.headers().firstValue("ETag").orElseThrow();
            Path www = Files.createTempDirectory("linkback-bench-www");
            Files.write(www.resolve("feed.json"), feed.body());
            byte[] gzipped;
            try (HttpClient http = HttpClient.newHttpClient()) {
                gzipped = http.send(HttpRequest.newBuilder(URI.create(linkback.url(feedPath))).header("Accept-Encoding", "gzip").build(),
                                    HttpResponse.BodyHandlers.ofByteArray()).body();
            }
            Files.write(www.resolve("feed.json.gz"), gzipped);
            int gzipLength = gzipped.length;
            System.out.printf("  feed: %,d bytes%n", feed.body().length);
            try (Nginx nginx = Nginx.serve(www, List.of("127.0.0.1"), null)) {
                String nginxUrl = "http://127.0.0.1:" + nginx.port + "/feed.json";
                Wrk.run(linkback.url(feedPath), 50, 3, null); // warm-up: JIT
                Wrk.run(nginxUrl, 50, 2, null);
                Wrk.Result ours = Wrk.run(linkback.url(feedPath), 50, seconds, null);
                Wrk.Result theirs = Wrk.run(nginxUrl, 50, seconds, null);
                System.out.println("  linkback       " + ours.line());
                System.out.println("  nginx (static) " + theirs.line());
                System.out.printf("  ratio linkback / nginx: %.2f%n", ours.requestsPerSecond() / theirs.requestsPerSecond());
                Wrk.Result ours304 = Wrk.run(linkback.url(feedPath), 50, seconds, null, "If-None-Match: " + etag);
                Wrk.Result theirs304 = Wrk.run(nginxUrl, 50, seconds, null, "If-None-Match: " + nginxEtag(nginxUrl));
                System.out.println("  linkback 304   " + ours304.line());
                System.out.println("  nginx 304      " + theirs304.line());
                System.out.printf("  ratio linkback / nginx (304): %.2f%n", ours304.requestsPerSecond() / theirs304.requestsPerSecond());
                Wrk.Result oursGz = Wrk.run(linkback.url(feedPath), 50, seconds, null, "Accept-Encoding: gzip");
                Wrk.Result theirsGz = Wrk.run(nginxUrl, 50, seconds, null, "Accept-Encoding: gzip");
                System.out.printf("  gzip: %,d bytes (nginx: gzip_static, the same file compressed beside it)%n", gzipLength);
                System.out.println("  linkback gzip  " + oursGz.line());
                System.out.println("  nginx gzip     " + theirsGz.line());
                System.out.printf("  ratio linkback / nginx (gzip): %.2f%n", oursGz.requestsPerSecond() / theirsGz.requestsPerSecond());
            }
        }
    }

    private static String nginxEtag(String url) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .headers().firstValue("ETag").orElseThrow();
        }
    }
}
