package org.linkback.send;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.linkback.testing.Await;
import org.linkback.testing.PageServer;
import org.linkback.testing.RawHttpServer;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linkback.testing.RawHttpServer.answering;

/**
 * A site that lists its feed is watched: new and updated articles are sent by themselves,
 * unchanged ones are not sent again.
 */
class FeedWatcherTest {

    private static PageServer blog;
    private static RawHttpServer web;
    private static TestLinkback linkback;

    @BeforeAll
    static void start() {
        blog = new PageServer();
        web = new RawHttpServer();
        for (String path : new String[] {"/post/first", "/post/second"}) {
            web.answer(path, answering("HTTP/1.1 200 OK", "text/html", "<html><head><link rel=\"webmention\" href=\"/wm\"></head></html>"));
        }
        web.answer("/wm", answering("HTTP/1.1 202 Accepted", "text/plain", "ok"));
        article(web.url("/post/first"));
        feed("2026-11-27T10:00:00Z");
        String yaml = SendTest.yaml(blog.url("/blog/"))
                .replace("      title: Test Blog\n", "      title: Test Blog\n      feed-url: " + blog.url("/blog/feed.xml") + "\n")
                .replace("  send:\n", "  send:\n    feed-poll-ms: 200\n");
        linkback = TestLinkback.start(yaml);
    }

    @AfterAll
    static void stop() {
        linkback.close();
        web.close();
        blog.close();
    }

    private static void article(String... links) {
        StringBuilder html = new StringBuilder("<html><head><title>Watched | Test Blog</title></head><body><article>");
        for (String link : links) {
            html.append("<p><a href=\"").append(link).append("\">a post</a></p>");
        }
        blog.html("/blog/watched", html.append("</article></body></html>").toString());
    }

    private static void feed(String updated) {
        blog.page("/blog/feed.xml", new PageServer.Page(200, "application/atom+xml", """
                <?xml version="1.0" encoding="utf-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom"><title>Test Blog</title><id>tag:test,2026:blog</id>
                <updated>%s</updated>
                <entry><title>Watched</title><id>tag:test,2026:watched</id><link href="%s"/><updated>%s</updated></entry>
                <entry><title>Elsewhere</title><id>tag:test,2026:elsewhere</id><link href="https://elsewhere.example/x"/>
                <updated>%s</updated></entry>
                </feed>""".formatted(updated, blog.url("/blog/watched"), updated, updated).getBytes(StandardCharsets.UTF_8), 0, null));
    }

    private static long postsFor(String target) {
        return web.received("/wm").stream().filter(r -> target.equals(r.formField("target"))).count();
    }

    private static void awaitPosts(String target, long count) {
        Await.until(Duration.ofSeconds(15), () -> postsFor(target) >= count,
                    () -> target + " got " + postsFor(target) + " webmentions, not " + count);
    }

    private static long feedReads() {
        return blog.count("/blog/feed.xml");
    }

    /**
     * Waits until a whole poll has run since now, and what it queued has been sent: a poll reads
     * the feed first, and the next poll's read comes only after it finished, so two more reads
     * than now mean the first of them was a whole poll.
     */
    private static void awaitAWholePoll() {
        long before = feedReads();
        Await.until(Duration.ofSeconds(15), () -> feedReads() >= before + 2, "two more polls of the feed");
        linkback.awaitNoJobs();
    }

    @Test
    void newAndUpdatedEntriesAreSentByThemselvesAndUnchangedOnesAreNot() throws Exception {
        awaitPosts(web.url("/post/first"), 1);

        article(web.url("/post/first"), web.url("/post/second"));
        feed("2026-11-27T12:00:00Z");
        awaitPosts(web.url("/post/second"), 1);

        awaitAWholePoll(); // of the unchanged feed
        assertEquals(1, postsFor(web.url("/post/first")), "an unchanged, sent link is not sent again");
        assertEquals(1, postsFor(web.url("/post/second")));
        String outbound = linkback.get("/admin/api/outbound?source=" + URLEncoder.encode(blog.url("/blog/watched"), StandardCharsets.UTF_8),
                                       "Authorization", "Bearer " + TestLinkback.Settings.ADMIN_TOKEN).body();
        assertTrue(outbound.contains("\"outcome\":\"sent\""), outbound);
        assertTrue(blog.requests().stream().anyMatch(r -> r.path().equals("/blog/feed.xml")), "the feed was read");
    }
}
