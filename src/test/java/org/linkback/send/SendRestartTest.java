package org.linkback.send;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.linkback.store.Database;
import org.linkback.store.PairKey;
import org.linkback.testing.PageServer;
import org.linkback.testing.ServerProcess;
import org.linkback.testing.TestDatabase;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A notification that failed for a passing reason is retried however the process stops: its
 * retry is queued in the unit of work that records the failure, and start-up queues one for any
 * {@code pending-retry} link left without it.
 */
class SendRestartTest {

    private static final String TOKEN = TestLinkback.Settings.ADMIN_TOKEN;

    /** Our blog with one article linking to a post on another site, whose webmention endpoint is busy first. */
    private record Sites(PageServer blog, PageServer web, String article, String target) implements AutoCloseable {

        static Sites busyOnce() {
            PageServer blog = new PageServer();
            PageServer web = new PageServer();
            String target = web.url("/post");
            web.html("/post", "<html><head><link rel=\"webmention\" href=\"/webmention\"></head><body>post</body></html>");
            web.sequence("/webmention", PageServer.statusPage(503), PageServer.statusPage(202));
            blog.html("/blog/article", "<html><head><title>Article</title></head><body><article><p>See <a href=\"" + target
                                       + "\">this post</a>.</p></article></body></html>");
            return new Sites(blog, web, blog.url("/blog/article"), target);
        }

        long notifications() {
            return web.count("/webmention");
        }

        @Override
        public void close() {
            web.close();
            blog.close();
        }
    }

    @Test
    void aRetryQueuedBeforeAKillDashNineStillHappensAfterTheRestart() throws Exception {
        try (Sites sites = Sites.busyOnce()) {
            Path dir = Files.createTempDirectory("linkback-kill-send");
            // the retry waits long enough that the kill surely comes first
            String yaml = TestLinkback.yaml(TestLinkback.Settings.forSite(sites.blog().url("/blog/")))
                    .replace("retry-base-ms: 100", "retry-base-ms: 6000")
                    .replace("retry-max-ms: 400", "retry-max-ms: 6000");
            Path config = TestLinkback.writeConfig(dir, yaml);

            Process first = ServerProcess.start(config);
            String sent;
            try {
                sent = send("http://127.0.0.1:" + ServerProcess.portOf(first), sites.article());
            } finally {
                first.destroyForcibly(); // SIGKILL between the failed attempt and its retry
                first.waitFor(10, TimeUnit.SECONDS);
            }
            assertTrue(sent.contains("\"outcome\":\"pending-retry\""), sent);
            assertEquals(1, sites.notifications(), "the retry had not run before the kill");

            Process second = ServerProcess.start(config);
            try {
                String links = awaitSent("http://127.0.0.1:" + ServerProcess.portOf(second), sites.article());
                assertTrue(links.contains("\"outcome\":\"sent\""), "retried after the restart: " + links);
                assertEquals(2, sites.notifications());
            } finally {
                second.destroyForcibly();
                second.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aPendingRetryLeftWithoutItsJobIsRetriedAfterStartUp() throws Exception {
        try (Sites sites = Sites.busyOnce()) {
            sites.web().page("/webmention", PageServer.statusPage(202));
            TestDatabase database = TestDatabase.in(Files.createTempDirectory("linkback-orphan-send"));
            // what a process that died between recording a failed attempt and queueing its retry left behind
            try (Database db = Database.open(database.config())) {
                db.useTransaction(h -> h.createUpdate("INSERT INTO outbound (source, target, pair_key, site, protocol, endpoint, outcome, "
                                                      + "attempts, http_status, message, created_at, updated_at) VALUES (:source, :target, "
                                                      + ":key, 'test', 'webmention', :endpoint, 'pending-retry', 1, 503, 'HTTP 503', :now, :now)")
                        .bind("source", sites.article())
                        .bind("target", sites.target())
                        .bind("key", PairKey.of(sites.article(), sites.target()))
                        .bind("endpoint", sites.web().url("/webmention"))
                        .bind("now", Timestamp.from(Instant.now()))
                        .execute());
            }

            try (TestLinkback linkback = TestLinkback.startOn(database, TestLinkback.Settings.forSite(sites.blog().url("/blog/")))) {
                String links = awaitSent(linkback.url(""), sites.article());
                assertTrue(links.contains("\"outcome\":\"sent\""), "retried after start-up: " + links);
                assertEquals(1, sites.notifications());
            }
        }
    }

    /** Sends for an article through the admin API (202 at once); the outbound list once its link was tried. */
    private static String send(String base, String article) throws IOException, InterruptedException {
        HttpResponse<String> answer = admin(HttpRequest.newBuilder(URI.create(base + "/admin/api/send"))
                                                    .header("Content-Type", "application/json")
                                                    .POST(HttpRequest.BodyPublishers.ofString("{\"source\":\"" + article + "\"}")));
        assertEquals(202, answer.statusCode(), answer.body());
        URI list = URI.create(base + answer.headers().firstValue("Location").orElseThrow());
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String body = answer.body();
        while (body.contains("\"outcome\":\"pending\"") && System.nanoTime() < until) {
            Thread.sleep(50);
            body = admin(HttpRequest.newBuilder(list)).body();
        }
        return body;
    }

    /** Polls an article's outbound links until one is sent, for at most 30 seconds; returns the last answer. */
    private static String awaitSent(String base, String article) throws IOException, InterruptedException {
        URI list = URI.create(base + "/admin/api/outbound?source=" + URLEncoder.encode(article, StandardCharsets.UTF_8));
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String body = admin(HttpRequest.newBuilder(list)).body();
        while (!body.contains("\"outcome\":\"sent\"") && System.nanoTime() < until) {
            Thread.sleep(100);
            body = admin(HttpRequest.newBuilder(list)).body();
        }
        return body;
    }

    private static HttpResponse<String> admin(HttpRequest.Builder request) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
