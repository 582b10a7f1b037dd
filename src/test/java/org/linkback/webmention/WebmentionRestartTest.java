package org.linkback.webmention;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Verification jobs live in the database: a restart in the middle of one does not lose it.
 */
class WebmentionRestartTest {

    @Test
    void aCheckInterruptedByARestartCompletesAfterIt() throws Exception {
        try (PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(TestLinkback.Settings.forSite(blogs.url("/blog/")).readTimeoutMs(5000))) {
            String target = blogs.url("/blog/post");
            blogs.html("/blog/post", "<p>article</p>");
            blogs.page("/slow-note", new PageServer.Page(200, "text/html",
                                                         ("<a href=\"" + target + "\">x</a>").getBytes(), 2500, null));

            HttpResponse<String> accepted = linkback.postForm("/webmention", "application/x-www-form-urlencoded",
                                                              "source=" + URLEncoder.encode(blogs.url("/slow-note"), StandardCharsets.UTF_8)
                                                              + "&target=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
            assertEquals(202, accepted.statusCode());
            String location = accepted.headers().firstValue("Location").orElseThrow();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!blogs.wasRequested("/slow-note") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(blogs.wasRequested("/slow-note"), "the check started");

            linkback.restart(); // while the source is still answering

            assertTrue(linkback.get(location).body().contains("\"status\":\"pending\""));
            assertTrue(linkback.awaitBody(location, "\"status\":\"verified\"").body().contains("\"status\":\"verified\""));
            assertEquals(2, blogs.count("/slow-note"));
        }
    }
}
