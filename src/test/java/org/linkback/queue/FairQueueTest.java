package org.linkback.queue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One client whose sources drip slowly cannot starve the others: the queue runs at most one
 * job per client IP and per source host, so another sender's webmention is checked at once.
 */
class FairQueueTest {

    private static final int SLOW_WEBMENTIONS = 12;

    private static PageServer blog;
    private static PageServer slowHost;
    private static TestLinkback linkback;

    @BeforeAll
    static void start() {
        blog = new PageServer();
        slowHost = PageServer.on("127.0.0.21");
        blog.html("/blog/post", "<html><head><title>Post</title></head><body>post</body></html>");
        String link = "<html><body><a href=\"" + blog.url("/blog/post") + "\">post</a></body></html>";
        for (int i = 0; i < SLOW_WEBMENTIONS; i++) {
            slowHost.page("/drip/" + i, new PageServer.Page(200, "text/html", link.getBytes(StandardCharsets.UTF_8), 4_000, null));
        }
        blog.html("/notes/normal", link);
        // The test is a reverse proxy for itself, so each request can say which client it comes from.
        String yaml = TestLinkback.yaml(TestLinkback.Settings.forSite(blog.url("/blog/")).readTimeoutMs(10_000))
                .replace("  limits:\n", "  trusted-proxies: [\"127.0.0.1\"]\n  limits:\n");
        linkback = TestLinkback.start(yaml);
    }

    @AfterAll
    static void stop() {
        linkback.close();
        slowHost.close();
        blog.close();
    }

    private static HttpResponse<String> webmention(String source, String clientIp) {
        String form = "source=" + URLEncoder.encode(source, StandardCharsets.UTF_8) + "&target="
                      + URLEncoder.encode(blog.url("/blog/post"), StandardCharsets.UTF_8);
        return linkback.post("/webmention", "application/x-www-form-urlencoded", form.getBytes(StandardCharsets.US_ASCII),
                             "X-Forwarded-For", clientIp);
    }

    @Test
    void aSlowSenderOnlyWaitsForItself() {
        for (int i = 0; i < SLOW_WEBMENTIONS; i++) {
            assertEquals(202, webmention(slowHost.url("/drip/" + i), "198.51.100.1").statusCode());
        }
        HttpResponse<String> normal = webmention(blog.url("/notes/normal"), "198.51.100.2");
        String location = normal.headers().firstValue("Location").orElseThrow();

        String status = linkback.awaitBody(location, "\"status\":\"verified\"").body();

        assertTrue(status.contains("\"status\":\"verified\""), status);
        long slowFetchesSoFar = slowHost.requests().stream().filter(r -> r.path().startsWith("/drip/")).count();
        assertTrue(slowFetchesSoFar <= 2, "the slow sender's checks ran one at a time: " + slowFetchesSoFar + " started");
    }
}
