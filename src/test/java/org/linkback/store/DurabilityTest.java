package org.linkback.store;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.Test;

import org.linkback.testing.Http;
import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.ServerProcess;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acknowledged = durable: a backlink we answered for survives a restart and a kill -9, and so
 * does a webmention we accepted, even when the process dies in the middle of checking it.
 */
class DurabilityTest {

    @Test
    void backlinksSurviveARestart() throws XmlRpcException {
        try (PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(TestLinkback.Settings.forSite(blogs.url("/blog/")))) {
            blogs.html("/blog/post", "<p>article</p>");
            blogs.html("/source", "<a href=\"" + blogs.url("/blog/post") + "\">x</a>");
            new PingbackClient(linkback.url("/xmlrpc")).ping(blogs.url("/source"), blogs.url("/blog/post"));

            linkback.restart();

            assertTrue(linkback.get("/backlinks.json?target=" + blogs.url("/blog/post")).body().contains(blogs.url("/source")));
        }
    }

    @Test
    void anAcknowledgedPingSurvivesKillDashNine() throws Exception {
        try (PageServer blogs = new PageServer()) {
            blogs.html("/blog/post", "<p>article</p>");
            blogs.html("/source", "<a href=\"" + blogs.url("/blog/post") + "\">x</a>");
            Path dir = Files.createTempDirectory("linkback-kill");
            Path config = TestLinkback.writeConfig(dir, TestLinkback.yaml(TestLinkback.Settings.forSite(blogs.url("/blog/"))));

            Process first = ServerProcess.start(config);
            try {
                int port = ServerProcess.portOf(first);
                new PingbackClient("http://127.0.0.1:" + port + "/xmlrpc").ping(blogs.url("/source"), blogs.url("/blog/post"));
            } finally {
                first.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close of the database
                first.waitFor(10, TimeUnit.SECONDS);
            }

            Process second = ServerProcess.start(config);
            try {
                String feed = Http.get("http://127.0.0.1:" + ServerProcess.portOf(second) + "/backlinks.json?target=" + blogs.url("/blog/post")).body();
                assertTrue(feed.contains(blogs.url("/source")), feed);
            } finally {
                second.destroyForcibly();
                second.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void anAcceptedWebmentionIsVerifiedAfterAKillDashNineInTheMiddleOfItsCheck() throws Exception {
        try (PageServer blogs = new PageServer()) {
            String target = blogs.url("/blog/post");
            blogs.html("/blog/post", "<p>article</p>");
            blogs.page("/slow-note", new PageServer.Page(200, "text/html", ("<a href=\"" + target + "\">x</a>").getBytes(), 3000, null));
            Path dir = Files.createTempDirectory("linkback-kill-webmention");
            String yaml = TestLinkback.yaml(TestLinkback.Settings.forSite(blogs.url("/blog/")).readTimeoutMs(5000))
                    .replace("  queue:\n", "  queue:\n    lease-ms: 1000\n"); // a dead process's claim expires fast
            Path config = TestLinkback.writeConfig(dir, yaml);

            Process first = ServerProcess.start(config);
            String location;
            try {
                HttpResponse<String> accepted = Http.postForm("http://127.0.0.1:" + ServerProcess.portOf(first) + "/webmention",
                                                     "source=" + blogs.url("/slow-note") + "&target=" + target);
                assertEquals(202, accepted.statusCode());
                location = accepted.headers().firstValue("Location").orElseThrow();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!blogs.wasRequested("/slow-note") && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertTrue(blogs.wasRequested("/slow-note"), "the check had started");
            } finally {
                first.destroyForcibly(); // mid-check: the job is claimed by a process that no longer exists
                first.waitFor(10, TimeUnit.SECONDS);
            }

            Process second = ServerProcess.start(config);
            try {
                String body = awaitVerified("http://127.0.0.1:" + ServerProcess.portOf(second) + location);
                assertTrue(body.contains("\"status\":\"verified\""), body);
            } finally {
                second.destroyForcibly();
                second.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void underLoadEveryAcknowledgedPingSurvivesKillDashNineAndTheQueueResumes() throws Exception {
        try (PageServer blogs = new PageServer()) {
            String target = blogs.url("/blog/post");
            blogs.html("/blog/post", "<p>article</p>");
            for (int i = 0; i < 400; i++) {
                blogs.html("/load/" + i, "<p><a href=\"" + target + "\">x</a></p>");
            }
            Path dir = Files.createTempDirectory("linkback-kill-load");
            String yaml = TestLinkback.yaml(TestLinkback.Settings.forSite(blogs.url("/blog/")))
                    .replace("  queue:\n", "  queue:\n    lease-ms: 1000\n");
            Path config = TestLinkback.writeConfig(dir, yaml);
            Set<String> acknowledgedPingbacks = ConcurrentHashMap.newKeySet();
            Set<String> acknowledgedWebmentions = ConcurrentHashMap.newKeySet(); // status URLs
            AtomicInteger next = new AtomicInteger();

            Process first = ServerProcess.start(config);
            int port = ServerProcess.portOf(first);
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                boolean webmentions = t % 2 == 1;
                senders.add(Thread.ofPlatform().start(() -> {
                    PingbackClient client = new PingbackClient("http://127.0.0.1:" + port + "/xmlrpc");
                    for (int i = next.getAndIncrement(); i < 400; i = next.getAndIncrement()) {
                        String source = blogs.url("/load/" + i);
                        try {
                            if (webmentions) {
                                HttpResponse<String> answer = Http.postForm("http://127.0.0.1:" + port + "/webmention",
                                                                   "source=" + source + "&target=" + target);
                                if (answer.statusCode() == 202) {
                                    acknowledgedWebmentions.add(answer.headers().firstValue("Location").orElseThrow());
                                }
                            } else {
                                client.ping(source, target);
                                acknowledgedPingbacks.add(source);
                            }
                        } catch (Exception e) {
                            return; // the server died: what it acknowledged is what counts
                        }
                    }
                }));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (acknowledgedPingbacks.size() + acknowledgedWebmentions.size() < 60 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            first.destroyForcibly(); // SIGKILL in the middle of the load
            first.waitFor(10, TimeUnit.SECONDS);
            for (Thread sender : senders) {
                sender.join(Duration.ofSeconds(30));
            }
            assertTrue(acknowledgedPingbacks.size() + acknowledgedWebmentions.size() >= 60, "load was acknowledged before the kill");

            Process second = ServerProcess.start(config);
            try {
                String base = "http://127.0.0.1:" + ServerProcess.portOf(second);
                String stored = getWithToken(base + "/admin/api/mentions?limit=500");
                for (String source : acknowledgedPingbacks) {
                    assertTrue(stored.contains("\"" + source + "\""), "acknowledged pingback lost: " + source);
                }
                for (String location : acknowledgedWebmentions) {
                    String status = awaitVerified(base + location);
                    assertTrue(status.contains("\"status\":\"verified\""), "the queue resumed and checked " + location + ": " + status);
                }
            } finally {
                second.destroyForcibly();
                second.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void sigtermStopsWithinBoundedTimeClosesTheDatabaseAndRequeuesWorkInFlight() throws Exception {
        try (PageServer blogs = new PageServer()) {
            String target = blogs.url("/blog/post");
            blogs.html("/blog/post", "<p>article</p>");
            blogs.page("/slow-note", new PageServer.Page(200, "text/html", ("<a href=\"" + target + "\">x</a>").getBytes(), 4000, null));
            Path dir = Files.createTempDirectory("linkback-sigterm");
            Path config = TestLinkback.writeConfig(dir, TestLinkback.yaml(TestLinkback.Settings.forSite(blogs.url("/blog/"))
                                                                                .readTimeoutMs(8000)));

            Process first = ServerProcess.start(config);
            String location;
            int port = ServerProcess.portOf(first);
            HttpResponse<String> accepted = Http.postForm("http://127.0.0.1:" + port + "/webmention", "source=" + blogs.url("/slow-note")
                                                                                          + "&target=" + target);
            location = accepted.headers().firstValue("Location").orElseThrow();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!blogs.wasRequested("/slow-note") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            first.destroy(); // SIGTERM, with a check in flight
            assertTrue(first.waitFor(30, TimeUnit.SECONDS), "stopped within a bounded time");
            assertTrue(Files.notExists(dir.resolve("db/linkback.lck")), "the database was closed cleanly (no lock left)");

            Process second = ServerProcess.start(config);
            try {
                String body = awaitVerified("http://127.0.0.1:" + ServerProcess.portOf(second) + location);
                assertTrue(body.contains("\"status\":\"verified\""), "the interrupted check ran again: " + body);
            } finally {
                second.destroyForcibly();
                second.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Polls a webmention's status URL until it says verified, for at most 30 seconds; returns the last answer. */
    private static String awaitVerified(String statusUrl) throws IOException, InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String body = Http.get(statusUrl).body();
        while (!body.contains("\"status\":\"verified\"") && System.nanoTime() < until) {
            Thread.sleep(100);
            body = Http.get(statusUrl).body();
        }
        return body;
    }

    private static String getWithToken(String url) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url))
                                       .header("Authorization", "Bearer " + TestLinkback.Settings.ADMIN_TOKEN).build(),
                               HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
