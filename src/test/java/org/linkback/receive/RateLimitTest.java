package org.linkback.receive;

import java.net.http.HttpResponse;

import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Over the per-IP limit, every protocol says so in its own format and says when to try again.
 */
class RateLimitTest {

    private static PageServer blogs;

    @BeforeAll
    static void start() {
        blogs = new PageServer();
        blogs.html("/blog/post", "<html><head><title>Post</title></head><body>post</body></html>");
    }

    @AfterAll
    static void stop() {
        blogs.close();
    }

    private static TestLinkback limitedToOnePerMinute() {
        return TestLinkback.start(TestLinkback.Settings.forSite(blogs.url("/blog/")).pingsPerMinute(1));
    }

    private static String linkingPage(String path) {
        blogs.html(path, "<html><body><a href=\"" + blogs.url("/blog/post") + "\">post</a></body></html>");
        return blogs.url(path);
    }

    @Test
    void aWebmentionOverTheLimitIs429WithRetryAfter() {
        try (TestLinkback linkback = limitedToOnePerMinute()) {
            String form = "source=" + linkingPage("/wm1") + "&target=" + blogs.url("/blog/post");
            assertEquals(202, linkback.postForm("/webmention", "application/x-www-form-urlencoded", form).statusCode());

            HttpResponse<String> refused = linkback.postForm("/webmention", "application/x-www-form-urlencoded",
                                                             "source=" + linkingPage("/wm2") + "&target=" + blogs.url("/blog/post"));

            assertEquals(429, refused.statusCode());
            long seconds = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(seconds >= 1 && seconds <= 60, "Retry-After " + seconds);
            assertTrue(refused.body().contains("try again in"), refused.body());
        }
    }

    @Test
    void aTrackbackOverTheLimitIsAnErrorWithRetryAfter() {
        try (TestLinkback linkback = limitedToOnePerMinute()) {
            String path = "/trackback?target=" + blogs.url("/blog/post");
            linkback.postForm(path, "application/x-www-form-urlencoded", "url=" + linkingPage("/tb1"));

            HttpResponse<String> refused = linkback.postForm(path, "application/x-www-form-urlencoded", "url=" + linkingPage("/tb2"));

            assertTrue(refused.body().contains("<error>1</error>"), refused.body());
            assertTrue(refused.body().contains("try again in"), refused.body());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent(), refused.headers().toString());
        }
    }

    @Test
    void aPingbackOverTheLimitIsFault49SayingWhenToRetry() throws XmlRpcException {
        try (TestLinkback linkback = limitedToOnePerMinute()) {
            PingbackClient client = new PingbackClient(linkback.url("/xmlrpc"));
            client.ping(linkingPage("/pb1"), blogs.url("/blog/post"));

            XmlRpcException fault = assertThrows(XmlRpcException.class, () -> client.ping(linkingPage("/pb2"), blogs.url("/blog/post")));

            assertEquals(49, fault.code);
            assertTrue(fault.getMessage().matches(".*try again in \\d+ seconds.*"), fault.getMessage());
        }
    }

    @Test
    void everyOtherEndpointHasAPerIpLimitAndHealthStaysOpen() {
        String yaml = TestLinkback.yaml(TestLinkback.Settings.forSite(blogs.url("/blog/")))
                .replace("requests-per-minute-per-ip: 100000", "requests-per-minute-per-ip: 3");
        try (TestLinkback linkback = TestLinkback.start(yaml)) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, linkback.get("/backlinks.json?target=" + blogs.url("/blog/post")).statusCode());
            }

            HttpResponse<String> refused = linkback.get("/widget.js");

            assertEquals(429, refused.statusCode());
            assertTrue(refused.headers().firstValue("Retry-After").isPresent());
            assertEquals(200, linkback.get("/observe/health").statusCode(), "monitoring is never limited");
        }
    }
}
