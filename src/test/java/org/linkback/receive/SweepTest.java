package org.linkback.receive;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.linkback.testing.Await;
import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Link rot: approved backlinks are verified again by the sweep. A source that is gone (410), or
 * missing (404) at two sweeps, or no longer links, takes its backlink out of the feeds, with an
 * audit entry; a source that is only down keeps it.
 */
class SweepTest {

    private static final String TOKEN = "Bearer " + TestLinkback.Settings.ADMIN_TOKEN;

    private static PageServer blog;
    private static TestLinkback linkback;

    @BeforeAll
    static void start() {
        blog = new PageServer();
        blog.html("/blog/post", "<html><head><title>Post</title></head><body>post</body></html>");
        linkback = TestLinkback.start(TestLinkback.yaml(TestLinkback.Settings.forSite(blog.url("/blog/")))
                                              .replace("  queue:\n", "  sweep:\n    interval-ms: 1500\n  queue:\n"));
    }

    @AfterAll
    static void stop() {
        linkback.close();
        blog.close();
    }

    private static Map<String, String> statuses() throws Exception {
        JsonNode items = new ObjectMapper().readTree(linkback.get("/admin/api/mentions?limit=500", "Authorization", TOKEN).body())
                .path("items");
        Map<String, String> statuses = new HashMap<>();
        items.forEach(item -> statuses.put(item.path("source").asText().replaceAll(".*/src/", ""), item.path("status").asText()));
        return statuses;
    }

    @Test
    void goneAndUnlinkedSourcesTakeTheirBacklinksDownAndADownSourceDoesNot() throws Exception {
        String link = "<html><body><a href=\"" + blog.url("/blog/post") + "\">post</a></body></html>";
        PingbackClient client = new PingbackClient(linkback.url("/xmlrpc"));
        for (String name : new String[] {"gone", "missing", "unlinked", "down", "fine"}) {
            blog.html("/src/" + name, link);
            client.ping(blog.url("/src/" + name), blog.url("/blog/post"));
        }
        assertEquals(Map.of("gone", "approved", "missing", "approved", "unlinked", "approved", "down", "approved", "fine", "approved"),
                     statuses());

        blog.status("/src/gone", 410);
        blog.status("/src/missing", 404);
        blog.html("/src/unlinked", "<html><body>the link is gone</body></html>");
        blog.status("/src/down", 503);

        long missingFetches = blog.count("/src/missing");
        Await.until(Duration.ofSeconds(25), () -> "deleted".equals(statuses().get("missing")), () -> "404 at two sweeps: " + statuses());
        Map<String, String> now = statuses();
        assertEquals("deleted", now.get("gone"), now.toString());
        assertEquals("deleted", now.get("unlinked"), now.toString());
        assertEquals("deleted", now.get("missing"), "404 at two sweeps: " + now);
        // deleted backlinks are not swept again, so two fetches since the 404 began mean the first 404 kept it
        assertTrue(blog.count("/src/missing") >= missingFetches + 2, "one 404 alone keeps the backlink");
        assertEquals("approved", now.get("down"), "a server that is down keeps its backlinks: " + now);
        assertEquals("approved", now.get("fine"), now.toString());
        String feed = linkback.get("/backlinks.json?target=" + blog.url("/blog/post")).body();
        assertTrue(feed.contains(blog.url("/src/fine")) && !feed.contains(blog.url("/src/gone")), feed);
        String audit = linkback.get("/admin/api/audit?action=check.deleted", "Authorization", TOKEN).body();
        assertTrue(audit.contains(blog.url("/src/gone")) && audit.contains(blog.url("/src/unlinked")), audit);
    }
}
