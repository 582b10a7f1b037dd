package org.linkback.receive;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.TestLinkback;
import org.linkback.testing.WordPress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real WordPress (Debian's package, PHP's built-in server, MariaDB) publishes posts that link
 * to our articles; its own code sends the pingback and the TrackBack, and both show in our feeds
 * with WordPress's post title and blog name.
 */
class WordPressPeerTest {

    private static final String BLOG_NAME = "Pyongyang Notes";

    private static PageServer blogs;
    private static TestLinkback linkback;
    private static WordPress wordpress;

    @BeforeAll
    static void start() {
        wordpress = WordPress.start(BLOG_NAME); // skips the class, saying why, when WordPress cannot be installed
        blogs = new PageServer();
        linkback = TestLinkback.start(TestLinkback.Settings.forSite(blogs.url("/blog/")));
    }

    @AfterAll
    static void stop() {
        if (linkback != null) {
            linkback.close();
        }
        if (blogs != null) {
            blogs.close();
        }
        if (wordpress != null) {
            wordpress.close();
        }
    }

    private static JsonNode feedItems(String target) throws Exception {
        String body = linkback.get("/backlinks.json?target=" + URLEncoder.encode(target, StandardCharsets.UTF_8)).body();
        return new ObjectMapper().readTree(body).path("items");
    }

    @Test
    void wordPressSendsAPingbackThatWeVerifyAndPublish() throws Exception {
        String article = blogs.url("/blog/touring-the-abyss");
        blogs.html("/blog/touring-the-abyss", """
                <html><head><title>Touring the North Korean abyss</title>
                <link rel="pingback" href="%s"></head><body><article>Our article.</article></body></html>
                """.formatted(linkback.url("/xmlrpc")));
        WordPress.Post post = wordpress.publish("A WordPress reply",
                                                "<p>Anthony wrote about <a href=\"" + article + "\">touring the abyss</a>.</p>", "");

        JsonNode after = wordpress.sendPings(post);

        assertTrue(after.path("pinged").toString().contains(article), "WordPress records the ping as sent: " + after);
        JsonNode items = feedItems(article);
        assertEquals(1, items.size(), items.toString());
        JsonNode item = items.get(0);
        assertEquals(post.url(), item.path("url").asText());
        assertEquals("A WordPress reply", item.path("title").asText(), item.toString());
        assertEquals(BLOG_NAME, item.path("authors").get(0).path("name").asText(), item.toString());
        assertTrue(item.toString().contains("pingback"), item.toString());
    }

    @Test
    void wordPressSendsATrackbackThatWeVerifyAndPublish() throws Exception {
        String article = blogs.url("/blog/re-defecting");
        blogs.html("/blog/re-defecting", "<html><head><title>Why do people re-defect?</title></head><body>ours</body></html>");
        String trackbackUrl = linkback.url("/trackback?target=" + URLEncoder.encode(article, StandardCharsets.UTF_8));
        WordPress.Post post = wordpress.publish("A WordPress TrackBack",
                                                "<p>On <a href=\"" + article + "\">re-defection</a>: family, mostly.</p>",
                                                trackbackUrl);

        JsonNode after = wordpress.sendPings(post);

        assertEquals("[]", after.path("to_ping").toString(), "WordPress sent its TrackBack: " + after);
        JsonNode items = feedItems(article);
        assertEquals(1, items.size(), items.toString());
        JsonNode item = items.get(0);
        assertEquals(post.url(), item.path("url").asText());
        assertEquals("A WordPress TrackBack", item.path("title").asText(), item.toString());
        assertEquals(BLOG_NAME, item.path("authors").get(0).path("name").asText(), item.toString());
        assertTrue(item.toString().contains("trackback"), item.toString());
    }
}
