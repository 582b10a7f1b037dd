package org.linkback.spam;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where verified backlinks land: spam, pending or approved, by score and by site.
 */
class ModerationTest {

    private static PageServer blogs;
    private static TestLinkback linkback;
    private static PingbackClient client;

    @BeforeAll
    static void start() {
        blogs = new PageServer();
        String yaml = TestLinkback.yaml(TestLinkback.Settings.forSite(blogs.url("/blog/")))
                .replace("      title: Test Blog\n", "      title: Test Blog\n"
                                                     + "    - name: careful\n"
                                                     + "      base-url: " + blogs.url("/careful/") + "\n"
                                                     + "      title: Careful Blog\n"
                                                     + "      moderation: hold\n");
        linkback = TestLinkback.start(yaml);
        client = new PingbackClient(linkback.url("/xmlrpc"));
        blogs.html("/blog/hills", "<html><head><title>Walking in the hills</title></head><body>article</body></html>");
        blogs.html("/careful/hills", "<html><head><title>Walking in the hills</title></head><body>article</body></html>");
    }

    @AfterAll
    static void stop() {
        linkback.close();
        blogs.close();
    }

    private static JsonNode stored(String source) throws Exception {
        String body = linkback.get("/admin/api/mentions?limit=500", "Authorization", "Bearer " + TestLinkback.Settings.ADMIN_TOKEN).body();
        for (JsonNode item : new ObjectMapper().readTree(body).path("items")) {
            if (item.path("source").asText().equals(source)) {
                return item;
            }
        }
        throw new AssertionError("not stored: " + source);
    }

    private static String ping(String path, String html, String target) throws XmlRpcException {
        blogs.html(path, html);
        client.ping(blogs.url(path), blogs.url(target));
        return blogs.url(path);
    }

    private static boolean public_(String source, String target) {
        return linkback.get("/backlinks.json?target=" + URLEncoder.encode(blogs.url(target), StandardCharsets.UTF_8)).body()
                .contains(source);
    }

    @Test
    void aCleanReplyIsPublishedAtOnce() throws Exception {
        String source = ping("/clean", "<title>My walk | Walker</title><p>Walking in the hills, as <a href=\""
                                       + blogs.url("/blog/hills") + "\">this post</a> says.</p>", "/blog/hills");
        assertEquals("approved", stored(source).path("status").asText());
        assertEquals(0.0, stored(source).path("spamScore").asDouble());
        assertTrue(public_(source, "/blog/hills"));
    }

    @Test
    void anObviousSpamIsStoredAsSpamWithItsReasons() throws Exception {
        String source = ping("/spammy", "<title>Cheap viagra and online slots</title><p>Hills</p><div style=\"display:none\">"
                                        + "<a href=\"" + blogs.url("/blog/hills") + "\">hills</a></div>", "/blog/hills");
        JsonNode stored = stored(source);
        assertEquals("spam", stored.path("status").asText());
        assertTrue(stored.path("spamScore").asDouble() >= 0.7);
        assertTrue(stored.path("spamReasons").toString().contains("hidden"), stored.toString());
        assertTrue(stored.path("spamReasons").toString().contains("viagra"), stored.toString());
        assertFalse(public_(source, "/blog/hills"));
    }

    @Test
    void aSomewhatSuspiciousOneIsHeldForReview() throws Exception {
        String source = ping("/sponsored", "<title>Walking gear</title><p>Hills: <a rel=\"sponsored\" href=\""
                                           + blogs.url("/blog/hills") + "\">walking</a></p>", "/blog/hills");
        assertEquals("pending", stored(source).path("status").asText());
        assertFalse(public_(source, "/blog/hills"));
    }

    @Test
    void aSiteCanHoldEverythingForReview() throws Exception {
        String source = ping("/clean-for-careful", "<title>My walk</title><p>Walking in the hills: <a href=\""
                                                   + blogs.url("/careful/hills") + "\">this</a></p>", "/careful/hills");
        assertEquals("pending", stored(source).path("status").asText());
        assertEquals("careful", stored(source).path("site").asText());
        assertFalse(public_(source, "/careful/hills"));
    }
}
