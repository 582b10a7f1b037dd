package org.linkback.trackback;

import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import org.junit.jupiter.api.Test;

import org.linkback.testing.ServedBlogTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TrackBack 1.2 pings: form posts answered with {@code <error>0</error>} or an error message,
 * verified like pingbacks, in the sender's charset.
 */
class TrackbackTest extends ServedBlogTest {

    private static final String SUCCESS = "<?xml version=\"1.0\" encoding=\"utf-8\"?><response><error>0</error></response>";
    private static final Charset LATIN1 = Charset.forName("ISO-8859-1");

    /** Our article and a page that links to it; returns {source, target}. */
    private static String[] linkedPair(String name) {
        String target = blogs.url("/blog/" + name);
        blogs.html("/blog/" + name, "<p>our article</p>");
        blogs.html("/their/" + name, "<html><head><title>Page title | Page Blog</title></head><body><p>About "
                                     + "<a href=\"" + target + "\">that</a>.</p></body></html>");
        return new String[] {blogs.url("/their/" + name), target};
    }

    private static String encode(String text, Charset charset) {
        return URLEncoder.encode(text, charset);
    }

    private static HttpResponse<String> ping(String target, String contentType, String body) {
        return linkback.postForm("/trackback?target=" + encode(target, StandardCharsets.UTF_8), contentType, body);
    }

    private static HttpResponse<String> ping(String target, String body) {
        return ping(target, "application/x-www-form-urlencoded", body);
    }

    private static void assertError(HttpResponse<String> response, String messagePart) {
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/xml"));
        assertTrue(response.body().contains("<error>1</error><message>"), response.body());
        assertTrue(response.body().contains(messagePart), response.body());
    }

    private static SyndFeed rss(String target) throws Exception {
        HttpResponse<String> response = linkback.get("/trackback?__mode=rss&target=" + encode(target, StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), response.body());
        return new SyndFeedInput().build(new StringReader(response.body()));
    }

    @Test
    void aVerifiedTrackbackIsStoredWithWhatTheSenderSaid() throws Exception {
        String[] pair = linkedPair("sent");

        HttpResponse<String> response = ping(pair[1], "url=" + encode(pair[0], StandardCharsets.UTF_8)
                                                      + "&title=Sent+title&excerpt=Sent+excerpt&blog_name=Sent+Blog");

        assertEquals(SUCCESS, response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/xml"));
        SyndEntry entry = rss(pair[1]).getEntries().getFirst();
        assertEquals(pair[0], entry.getLink());
        assertEquals("Sent title", entry.getTitle());
        assertEquals("Sent excerpt", entry.getDescription().getValue());
        assertEquals("Sent Blog", entry.getAuthor());
        assertEquals("trackback", entry.getCategories().getFirst().getName());
        assertTrue(linkback.get("/backlinks.json?target=" + pair[1]).body().contains("\"kind\" : \"trackback\""));
    }

    @Test
    void withoutATitleThePagesOwnIsTaken() throws Exception {
        String[] pair = linkedPair("untitled");
        assertEquals(SUCCESS, ping(pair[1], "url=" + encode(pair[0], StandardCharsets.UTF_8)).body());
        SyndEntry entry = rss(pair[1]).getEntries().getFirst();
        assertEquals("Page title", entry.getTitle());
        assertEquals("Page Blog", entry.getAuthor());
        assertEquals("About that.", entry.getDescription().getValue());
    }

    @Test
    void longTitlesAndExcerptsAreCut() throws Exception {
        String[] pair = linkedPair("long");
        ping(pair[1], "url=" + encode(pair[0], StandardCharsets.UTF_8) + "&title=" + "t".repeat(400) + "&excerpt=" + "e".repeat(400));
        SyndEntry entry = rss(pair[1]).getEntries().getFirst();
        assertEquals(TrackbackService.MAX_TITLE, entry.getTitle().length());
        assertEquals("e".repeat(252) + "…", entry.getDescription().getValue());
    }

    @Test
    void theCharsetComesFromTheContentTypeHeader() throws Exception {
        String[] pair = linkedPair("latin1-header");
        ping(pair[1], "application/x-www-form-urlencoded; charset=ISO-8859-1",
             "url=" + encode(pair[0], LATIN1) + "&title=" + encode("Caf\u00e9 cr\u00e8me", LATIN1) + "&blog_name=" + encode("M\u00fcller", LATIN1));
        SyndEntry entry = rss(pair[1]).getEntries().getFirst();
        assertEquals("Caf\u00e9 cr\u00e8me", entry.getTitle());
        assertEquals("M\u00fcller", entry.getAuthor());
    }

    @Test
    void orFromACharsetFieldAsWordPressSendsIt() throws Exception {
        String[] pair = linkedPair("latin1-field");
        ping(pair[1], "url=" + encode(pair[0], LATIN1) + "&title=" + encode("Caf\u00e9", LATIN1) + "&charset=ISO-8859-1");
        assertEquals("Caf\u00e9", rss(pair[1]).getEntries().getFirst().getTitle());
    }

    @Test
    void everyRefusalIsAnErrorWithAMessage() {
        String[] pair = linkedPair("errors");
        assertError(ping(pair[1], "title=no+url"), "url field is required");
        assertError(ping("http://elsewhere.example/post", "url=" + encode(pair[0], StandardCharsets.UTF_8)), "not on a site served here");
        assertError(ping(blogs.url("/blog/missing"), "url=" + encode(pair[0], StandardCharsets.UTF_8)), "does not exist");
        blogs.html("/their/nolink", "<p>nothing</p>");
        assertError(ping(pair[1], "url=" + encode(blogs.url("/their/nolink"), StandardCharsets.UTF_8)), "does not link");
        assertEquals(SUCCESS, ping(pair[1], "url=" + encode(pair[0], StandardCharsets.UTF_8)).body());
        assertError(ping(pair[1], "url=" + encode(pair[0], StandardCharsets.UTF_8)), "registered already");
    }

    @Test
    void getWithoutRssModeIsAnError() {
        HttpResponse<String> response = linkback.get("/trackback?target=" + blogs.url("/blog/x"));
        assertTrue(response.body().contains("<error>1</error>"), response.body());
    }

    @Test
    void theRssListsOnlyTrackbacksAndIs404OutsideOurSites() throws Exception {
        String[] pair = linkedPair("rss-only");
        ping(pair[1], "url=" + encode(pair[0], StandardCharsets.UTF_8));
        blogs.html("/pinger", "<a href=\"" + pair[1] + "\">x</a>");
        new org.linkback.testing.PingbackClient(linkback.url("/xmlrpc")).ping(blogs.url("/pinger"), pair[1]);

        SyndFeed feed = rss(pair[1]);
        assertEquals("rss_2.0", feed.getFeedType());
        assertEquals(1, feed.getEntries().size());
        assertEquals(404, linkback.get("/trackback?__mode=rss&target=http://elsewhere.example/").statusCode());
    }
}
