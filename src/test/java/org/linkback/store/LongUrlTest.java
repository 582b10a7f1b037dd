package org.linkback.store;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * URLs of 2,000 characters at both ends: stored, found again as duplicates, and served. (A
 * unique key on both URLs themselves does not fit in a PostgreSQL index entry; see PairKey.)
 */
class LongUrlTest {

    private static final int LENGTH = 2_000;

    @Test
    void backlinksBetweenTwoThousandCharacterUrlsAreStoredOnceAndServed() throws Exception {
        try (PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(TestLinkback.Settings.forSite(blogs.url("/blog/")))) {
            String target = longUrl(blogs, "/blog/", 1);
            String pingbackSource = longUrl(blogs, "/notes/", 2);
            String webmentionSource = longUrl(blogs, "/replies/", 3);
            blogs.html(target.substring(blogs.origin().length()), "<p>article</p>");
            blogs.html(pingbackSource.substring(blogs.origin().length()), "<a href=\"" + target + "\">a long link</a>");
            blogs.html(webmentionSource.substring(blogs.origin().length()), "<a href=\"" + target + "\">another</a>");
            assertEquals(LENGTH, target.length());
            assertEquals(LENGTH, pingbackSource.length());

            PingbackClient pingback = new PingbackClient(linkback.url("/xmlrpc"));
            pingback.ping(pingbackSource, target);
            assertEquals(48, pingback.faultOf(pingbackSource, target), "the same pair again is a duplicate");
            String form = "source=" + URLEncoder.encode(webmentionSource, StandardCharsets.UTF_8)
                          + "&target=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
            assertEquals(202, linkback.postForm("/webmention", "application/x-www-form-urlencoded", form).statusCode());

            String feed = "/backlinks.json?target=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
            assertTrue(linkback.awaitBody(feed, webmentionSource).body().contains(webmentionSource));
            assertTrue(linkback.get(feed).body().contains(pingbackSource));
            assertEquals(202, linkback.postForm("/webmention", "application/x-www-form-urlencoded", form).statusCode(),
                         "a webmention sent again finds its backlink");
        }
    }

    /** An http URL of exactly {@value #LENGTH} characters whose path is random letters (nothing to compress). */
    private static String longUrl(PageServer server, String prefix, long seed) {
        StringBuilder url = new StringBuilder(server.url(prefix));
        Random random = new Random(seed);
        String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        while (url.length() < LENGTH) {
            url.append(letters.charAt(random.nextInt(letters.length())));
        }
        return url.toString();
    }
}
