package org.linkback.activitypub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.linkback.testing.Await;
import org.linkback.testing.PageServer;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A new article goes to every follower's server from the durable queue, one delivery per
 * server: one that answers 500 is tried again later, one that hangs holds only itself, one that
 * answers 410 loses its followers, and the others get theirs at once.
 */
class DeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aDeadOrHangingServerNeverDelaysTheOthers() throws Exception {
        try (PageServer blog = new PageServer();
             SignedActor healthy = SignedActor.on("127.0.0.4", "ok");
             SignedActor neighbour = SignedActor.besides(healthy, "neighbour");
             SignedActor failing = SignedActor.on("127.0.0.5", "failing");
             SignedActor hanging = SignedActor.on("127.0.0.6", "hanging");
             SignedActor gone = SignedActor.on("127.0.0.7", "gone")) {
            failing.server.status("/inbox", 500);
            PageServer.Gate stuck = hanging.server.hold("/inbox");
            gone.server.status("/inbox", 410);
            blog.html("/blog/new", "<p>New.</p>");
            feed(blog, "<updated>2026-12-01T00:00:00Z</updated>");
            String yaml = TestLinkback.yaml(TestLinkback.Settings.forSite(blog.url("/blog/")))
                    .replace("      title: Test Blog\n", "      title: Test Blog\n      feed-url: " + blog.url("/blog/feed.xml") + "\n")
                    + "  send:\n    feed-poll-ms: 200\n";
            try (TestLinkback linkback = TestLinkback.start(yaml)) {
                Await.until(Duration.ofSeconds(15), () -> blog.count("/blog/feed.xml") >= 2, "the feed's first look");
                for (SignedActor follower : new SignedActor[] {healthy, neighbour, failing, hanging, gone}) {
                    assertEquals(202, follower.post(linkback, "/ap/actors/test/inbox",
                                                    follower.activity("Follow", "http://linkback.test/ap/actors/test")).statusCode());
                }
                assertEquals(5, followers(linkback));

                String published = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
                feed(blog, "<entry><title>New</title><id>tag:t,2026:new</id><link href=\"" + blog.url("/blog/new") + "\"/><published>"
                           + published + "</published><updated>" + published + "</updated></entry>");

                stuck.awaitArrival(); // the hanging server holds its delivery ...
                Await.until(Duration.ofSeconds(10), () -> creates(healthy) == 1, "... and the healthy one got the article meanwhile");
                assertEquals(1, creates(healthy), "one delivery for the two followers on one server (its shared inbox)");
                Await.until(Duration.ofSeconds(10), () -> creates(failing) >= 2, "the failing server is tried again");
                Await.until(Duration.ofSeconds(10), () -> followers(linkback) == 4, "the 410 server's follower is forgotten");
                stuck.open();
            }
        }
    }

    private static long creates(SignedActor server) {
        return server.server.requests().stream().filter(r -> r.path().equals("/inbox")).count();
    }

    private static int followers(TestLinkback linkback) throws IOException {
        return JSON.readTree(linkback.get("/ap/actors/test/followers", "Accept", "application/activity+json").body()).path("totalItems").asInt();
    }

    private static void feed(PageServer blog, String entries) {
        blog.page("/blog/feed.xml", new PageServer.Page(200, "application/atom+xml", ("""
                <?xml version="1.0" encoding="utf-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom"><title>Test Blog</title><id>tag:t,2026:blog</id>
                <updated>2026-12-01T00:00:00Z</updated>%s</feed>""").formatted(entries).getBytes(StandardCharsets.UTF_8), 0, null));
    }
}
