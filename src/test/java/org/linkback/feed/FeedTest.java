package org.linkback.feed;

import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PingbackClient;
import org.linkback.testing.ServedBlogTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backlink feeds, read back the way feed readers and widgets read them.
 */
class FeedTest extends ServedBlogTest {

    private static final String HOSTILE_TITLE = "<script>alert('x')</script> & \"friends\"";

    private static String target;

    @BeforeAll
    static void start() throws XmlRpcException {
        target = blogs.url("/blog/article");
        blogs.html("/blog/article", "<p>our article</p>");
        blogs.html("/blog/quiet", "<p>nobody links here</p>");
        PingbackClient client = new PingbackClient(linkback.url("/xmlrpc"));
        for (String name : List.of("first", "second", "third")) {
            blogs.html("/" + name, "<html><head><title>" + name + " post | " + name + " blog</title></head><body>"
                                   + "<p>I liked <a href=\"" + target + "\">this</a>.</p></body></html>");
            client.ping(blogs.url("/" + name), target);
        }
        blogs.html("/hostile", "<html><head><title>" + HOSTILE_TITLE.replace("&", "&amp;").replace("<", "&lt;")
                               + "</title></head><body><a href=\"" + blogs.url("/blog/other") + "\">x</a></body></html>");
        blogs.html("/blog/other", "<p>another article</p>");
        client.ping(blogs.url("/hostile"), blogs.url("/blog/other"));
    }

    private static String query(String url) {
        return "?target=" + URLEncoder.encode(url, StandardCharsets.UTF_8);
    }

    private static SyndFeed parse(String xml) throws Exception {
        return new SyndFeedInput().build(new StringReader(xml));
    }

    @Test
    void atomListsTheBacklinksNewestFirstWithTheirDetails() throws Exception {
        HttpResponse<String> response = linkback.get("/backlinks.atom" + query(target));

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/atom+xml"));
        SyndFeed feed = parse(response.body());
        assertEquals("atom_1.0", feed.getFeedType());
        List<SyndEntry> entries = feed.getEntries();
        assertEquals(List.of(blogs.url("/third"), blogs.url("/second"), blogs.url("/first")),
                     entries.stream().map(SyndEntry::getLink).toList());
        SyndEntry newest = entries.getFirst();
        assertEquals("third post", newest.getTitle());
        assertEquals("third blog", newest.getAuthor());
        assertEquals("I liked this.", newest.getDescription().getValue());
        assertEquals(List.of("pingback", "mention"), newest.getCategories().stream().map(SyndCategory::getName).toList(),
                     "its protocol, and its type (a page without microformats2 is a mention)");
        assertTrue(newest.getPublishedDate() != null);
    }

    @Test
    void rssListsTheSameBacklinks() throws Exception {
        HttpResponse<String> response = linkback.get("/backlinks.rss" + query(target));

        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/rss+xml"));
        SyndFeed feed = parse(response.body());
        assertEquals("rss_2.0", feed.getFeedType());
        assertEquals(List.of(blogs.url("/third"), blogs.url("/second"), blogs.url("/first")),
                     feed.getEntries().stream().map(SyndEntry::getLink).toList());
        assertEquals("pingback", feed.getEntries().getFirst().getCategories().getFirst().getName());
        assertTrue(feed.getEntries().getFirst().getPublishedDate() != null);
    }

    @Test
    void jsonFeedIsVersion11WithKindAndTime() throws Exception {
        HttpResponse<String> response = linkback.get("/backlinks.json" + query(target));

        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/feed+json"));
        JsonNode feed = new ObjectMapper().readTree(response.body());
        assertEquals("https://jsonfeed.org/version/1.1", feed.path("version").asText());
        JsonNode items = feed.path("items");
        assertEquals(3, items.size());
        assertEquals(blogs.url("/third"), items.get(0).path("url").asText());
        assertEquals("third post", items.get(0).path("title").asText());
        assertEquals("third blog", items.get(0).path("authors").get(0).path("name").asText());
        assertEquals("pingback", items.get(0).path("_linkback").path("kind").asText());
        assertFalse(items.get(0).path("date_published").asText().isEmpty());
    }

    @Test
    void remoteTextIsEscapedAndReadsBackUnchanged() throws Exception {
        String query = query(blogs.url("/blog/other"));
        HttpResponse<String> atom = linkback.get("/backlinks.atom" + query);
        assertFalse(atom.body().contains("<script>"), atom.body());
        assertEquals(HOSTILE_TITLE, parse(atom.body()).getEntries().getFirst().getTitle());
        assertEquals(HOSTILE_TITLE, parse(linkback.get("/backlinks.rss" + query).body()).getEntries().getFirst().getTitle());
        JsonNode json = new ObjectMapper().readTree(linkback.get("/backlinks.json" + query).body());
        assertEquals(HOSTILE_TITLE, json.path("items").get(0).path("title").asText());
    }

    @Test
    void aSiteFeedHasEveryArticlesBacklinks() throws Exception {
        SyndFeed feed = parse(linkback.get("/backlinks.atom?site=test").body());
        List<String> links = feed.getEntries().stream().map(SyndEntry::getLink).toList();
        assertTrue(links.containsAll(List.of(blogs.url("/first"), blogs.url("/second"), blogs.url("/third"), blogs.url("/hostile"))),
                   links.toString());
        assertTrue(links.indexOf(blogs.url("/hostile")) < links.indexOf(blogs.url("/first")), "newest first: " + links);
        assertEquals(404, linkback.get("/backlinks.atom?site=nope").statusCode());
    }

    @Test
    void anArticleWithoutBacklinksHasAnEmptyFeedAndOneOutsideOurSitesIs404() throws Exception {
        HttpResponse<String> quiet = linkback.get("/backlinks.json" + query(blogs.url("/blog/quiet")));
        assertEquals(200, quiet.statusCode());
        assertEquals(0, new ObjectMapper().readTree(quiet.body()).path("items").size());
        assertEquals(0, parse(linkback.get("/backlinks.atom" + query(blogs.url("/blog/quiet"))).body()).getEntries().size());

        assertEquals(404, linkback.get("/backlinks.atom" + query("http://elsewhere.example/post")).statusCode());
        assertEquals(404, linkback.get("/backlinks.rss" + query("not a url")).statusCode());
        assertEquals(400, linkback.get("/backlinks.json").statusCode());
    }

    @Test
    void anyOriginMayReadTheFeeds() {
        HttpResponse<String> response = linkback.get("/backlinks.json" + query(target), "Origin", "https://reader.example");
        assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    }

    @Test
    void anUnchangedFeedIsAnsweredWith304() {
        HttpResponse<String> first = linkback.get("/backlinks.atom" + query(target));
        String etag = first.headers().firstValue("ETag").orElseThrow();
        String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();

        HttpResponse<String> byEtag = linkback.get("/backlinks.atom" + query(target), "If-None-Match", etag);
        assertEquals(304, byEtag.statusCode());
        assertEquals("", byEtag.body());
        assertEquals(etag, byEtag.headers().firstValue("ETag").orElseThrow());

        assertEquals(304, linkback.get("/backlinks.atom" + query(target), "If-Modified-Since", lastModified).statusCode());
        assertEquals(200, linkback.get("/backlinks.atom" + query(target), "If-None-Match", "\"stale\"").statusCode());
        assertEquals(200, linkback.get("/backlinks.atom" + query(target), "If-Modified-Since",
                                       "Thu, 01 Jan 2015 00:00:00 GMT").statusCode());
        // Each format has its own ETag.
        assertFalse(etag.equals(linkback.get("/backlinks.rss" + query(target)).headers().firstValue("ETag").orElseThrow()));
    }

    @Test
    void aNewBacklinkChangesTheEtag() throws XmlRpcException {
        blogs.html("/blog/changing", "<p>article</p>");
        String changing = blogs.url("/blog/changing");
        String before = linkback.get("/backlinks.json" + query(changing)).headers().firstValue("ETag").orElseThrow();

        blogs.html("/fourth", "<a href=\"" + changing + "\">x</a>");
        new PingbackClient(linkback.url("/xmlrpc")).ping(blogs.url("/fourth"), changing);

        HttpResponse<String> after = linkback.get("/backlinks.json" + query(changing), "If-None-Match", before);
        assertEquals(200, after.statusCode());
        assertTrue(after.body().contains(blogs.url("/fourth")));
    }
}
