package org.linkback.feed;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PingbackClient;
import org.linkback.testing.ServedBlogTest;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feeds come from a cache of rendered bytes, and the cache is never stale: every change to an
 * article's backlinks (a new one, a moderator's verdict, a deletion) shows at the next request,
 * and within a second in another server sharing the database.
 */
class FeedCacheTest extends ServedBlogTest {

    private static String feedPath(String target) {
        return "/backlinks.json?target=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
    }

    @Test
    void aCachedFeedChangesWithItsBacklinks() throws Exception {
        String target = blogs.url("/blog/cached");
        blogs.html("/blog/cached", "<html><head><title>Cached</title></head><body>ours</body></html>");
        blogs.html("/notes/cached", "<html><body><a href=\"" + target + "\">cached</a></body></html>");
        HttpResponse<String> empty = linkback.get(feedPath(target));
        String emptyTag = empty.headers().firstValue("ETag").orElseThrow();
        assertEquals(emptyTag, linkback.get(feedPath(target)).headers().firstValue("ETag").orElseThrow(), "the same bytes again");
        assertEquals(304, linkback.get(feedPath(target), "If-None-Match", emptyTag).statusCode());

        new PingbackClient(linkback.url("/xmlrpc")).ping(blogs.url("/notes/cached"), target);

        HttpResponse<String> withOne = linkback.get(feedPath(target), "If-None-Match", emptyTag);
        assertEquals(200, withOne.statusCode(), "a new backlink is not hidden behind a cached 304");
        assertTrue(withOne.body().contains(blogs.url("/notes/cached")), withOne.body());
        assertNotEquals(emptyTag, withOne.headers().firstValue("ETag").orElseThrow());

        String admin = "Bearer " + TestLinkback.Settings.ADMIN_TOKEN;
        JsonNode items = new ObjectMapper().readTree(linkback.get("/admin/api/mentions?limit=500&target="
                                                                  + URLEncoder.encode(target, StandardCharsets.UTF_8),
                                                                  "Authorization", admin).body()).path("items");
        long id = items.get(0).path("id").asLong();
        linkback.post("/admin/api/mentions/" + id + "/status", "application/json",
                      "{\"status\":\"spam\"}".getBytes(StandardCharsets.UTF_8), "Authorization", admin);

        assertFalse(linkback.get(feedPath(target)).body().contains(blogs.url("/notes/cached")), "a verdict shows at once");
        assertFalse(linkback.get("/backlinks.json?site=test").body().contains(blogs.url("/notes/cached")), "in the site feed too");
    }

    @Test
    void anotherServerOnTheSameDatabaseSeesAChangeWithinASecond() throws Exception {
        String target = blogs.url("/blog/shared");
        blogs.html("/blog/shared", "<html><head><title>Shared</title></head><body>ours</body></html>");
        blogs.html("/notes/shared", "<html><body><a href=\"" + target + "\">shared</a></body></html>");
        try (TestLinkback other = linkback.sibling()) {
            String before = other.get(feedPath(target)).body(); // now cached in the other server
            assertFalse(before.contains(blogs.url("/notes/shared")));

            new PingbackClient(linkback.url("/xmlrpc")).ping(blogs.url("/notes/shared"), target);

            long deadline = System.nanoTime() + Math.min(FeedVersions.RECHECK.toNanos() + 2_000_000_000L, 10_000_000_000L);
            String after = other.get(feedPath(target)).body();
            while (!after.contains(blogs.url("/notes/shared")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
                after = other.get(feedPath(target)).body();
            }
            assertTrue(after.contains(blogs.url("/notes/shared")), "the other server's cached feed was renewed: " + after);
        }
    }

    @Test
    void clientsThatAcceptGzipGetTheSameFeedCompressed() throws Exception {
        String target = blogs.url("/blog/zipped");
        blogs.html("/blog/zipped", "<html><head><title>Zipped</title></head><body>ours</body></html>");
        for (int i = 0; i < 3; i++) {
            blogs.html("/notes/zipped" + i, "<html><head><title>A note " + i + "</title></head><body><p>" + "Words. ".repeat(100)
                                            + "<a href=\"" + target + "\">zipped</a></p></body></html>");
            new PingbackClient(linkback.url("/xmlrpc")).ping(blogs.url("/notes/zipped" + i), target);
        }
        HttpResponse<String> plain = linkback.get(feedPath(target));
        HttpResponse<byte[]> zipped = linkback.getBytes(feedPath(target), "Accept-Encoding", "br;q=1.0, gzip;q=0.8");

        assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElseThrow());
        assertEquals("Accept-Encoding", zipped.headers().firstValue("Vary").orElseThrow());
        byte[] unzipped = new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes();
        assertEquals(plain.body(), new String(unzipped, StandardCharsets.UTF_8), "the same document");
        assertTrue(zipped.body().length < unzipped.length / 2, "smaller on the wire");
        String zippedTag = zipped.headers().firstValue("ETag").orElseThrow();
        assertNotEquals(plain.headers().firstValue("ETag").orElseThrow(), zippedTag, "each representation its own ETag");
        assertEquals(304, linkback.getBytes(feedPath(target), "Accept-Encoding", "gzip", "If-None-Match", zippedTag).statusCode());
        assertTrue(linkback.get(feedPath(target), "Accept-Encoding", "gzip;q=0").headers().firstValue("Content-Encoding").isEmpty(),
                   "q=0 refuses gzip");
    }

    @Test
    void aSiteFeedSeesEveryArticlesChanges() throws XmlRpcException {
        String before = linkback.get("/backlinks.json?site=test").body();
        String target = blogs.url("/blog/site-cached");
        blogs.html("/blog/site-cached", "<html><head><title>Site cached</title></head><body>ours</body></html>");
        blogs.html("/notes/site-cached", "<html><body><a href=\"" + target + "\">x</a></body></html>");

        new PingbackClient(linkback.url("/xmlrpc")).ping(blogs.url("/notes/site-cached"), target);

        assertFalse(before.contains(blogs.url("/notes/site-cached")));
        assertTrue(linkback.get("/backlinks.json?site=test").body().contains(blogs.url("/notes/site-cached")));
    }
}
