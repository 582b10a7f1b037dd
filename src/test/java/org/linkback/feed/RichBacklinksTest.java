package org.linkback.feed;

import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.linkback.testing.Await;
import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reply, a like and a repost sent by webmention, and a plain pingback, each from a real page:
 * every feed carries who wrote them and what they are, and {@code type=} picks some.
 */
class RichBacklinksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PageServer blogs;
    private TestLinkback linkback;
    private String post;

    @BeforeEach
    void sendAReplyALikeARepostAndAPingback() throws Exception {
        blogs = new PageServer();
        linkback = TestLinkback.start(TestLinkback.Settings.forSite(blogs.url("/blog/")));
        post = blogs.url("/blog/post");
        blogs.html("/blog/post", "<p>article</p>");
        blogs.html("/reply", """
                <article class="h-entry"><a class="u-in-reply-to" href="%s">in reply to</a>
                  <span class="p-author h-card"><img class="u-photo" src="/alice.jpg" alt=""><a class="p-name u-url" href="/">Alice</a></span>
                  <div class="e-content"><p>So true! <script>alert(1)</script><b>bold</b></p></div>
                  <time class="dt-published" datetime="2026-11-29T08:00:00Z">then</time></article>""".formatted(post));
        blogs.html("/like", """
                <div class="h-card"><a class="u-url u-uid p-name" href="%s">Bob</a><img class="u-photo" src="/bob.png" alt="Bob"></div>
                <div class="h-entry"><a class="u-like-of" href="%s">liked</a></div>""".formatted(blogs.url("/like"), post));
        blogs.html("/repost", """
                <div class="h-entry"><a class="u-repost-of" href="%s">reposted</a>
                  <a class="p-author h-card" href="https://carol.example/">Carol</a></div>""".formatted(post));
        blogs.html("/plain", "<html><head><title>Plain | Old Blog</title></head><body><a href=\"" + post + "\">x</a></body></html>");
        for (String source : new String[] {"/reply", "/like", "/repost"}) {
            assertEquals(202, linkback.postForm("/webmention", "application/x-www-form-urlencoded",
                                                "source=" + encode(blogs.url(source)) + "&target=" + encode(post)).statusCode());
        }
        new PingbackClient(linkback.url("/xmlrpc")).ping(blogs.url("/plain"), post);
        Await.until(Duration.ofSeconds(15), () -> JSON.readTree(linkback.get(feed("json", "")).body()).path("items").size() >= 4,
                    "all four backlinks verified");
    }

    @AfterEach
    void stop() {
        linkback.close();
        blogs.close();
    }

    @Test
    void theJsonFeedNamesAuthorsAvatarsAndTypes() throws Exception {
        Map<String, JsonNode> items = new HashMap<>();
        JSON.readTree(linkback.get(feed("json", "")).body()).path("items").forEach(item -> items.put(item.path("url").asText(), item));
        assertEquals(4, items.size());

        JsonNode reply = items.get(blogs.url("/reply"));
        assertEquals("reply", reply.path("_linkback").path("type").asText());
        assertEquals(post, reply.path("_linkback").path("in-reply-to").asText());
        assertEquals("Alice", reply.path("authors").path(0).path("name").asText());
        assertEquals(blogs.url("/alice.jpg"), reply.path("authors").path(0).path("avatar").asText());
        assertEquals(blogs.url("/"), reply.path("authors").path(0).path("url").asText());
        assertEquals("So true! bold", reply.path("content_text").asText());
        assertEquals("<p>So true! <b>bold</b></p>", reply.path("content_html").asText(), "sanitized: no script");
        assertEquals("2026-11-29T08:00:00Z", reply.path("_linkback").path("published").asText());

        JsonNode like = items.get(blogs.url("/like"));
        assertEquals("like", like.path("_linkback").path("type").asText());
        assertEquals("Bob", like.path("authors").path(0).path("name").asText(), "the page's representative h-card");
        assertEquals(blogs.url("/bob.png"), like.path("authors").path(0).path("avatar").asText());

        assertEquals("repost", items.get(blogs.url("/repost")).path("_linkback").path("type").asText());
        assertEquals("Carol", items.get(blogs.url("/repost")).path("authors").path(0).path("name").asText());

        JsonNode plain = items.get(blogs.url("/plain"));
        assertEquals("mention", plain.path("_linkback").path("type").asText());
        assertEquals("Old Blog", plain.path("authors").path(0).path("name").asText(), "no mf2: the blog name, as before");
        assertFalse(plain.path("authors").path(0).has("avatar"));
    }

    @Test
    void atomAndRssCarryTheAuthorAndTheType() throws Exception {
        SyndFeed atom = new SyndFeedInput().build(new StringReader(linkback.get(feed("atom", "")).body()));
        SyndEntry reply = entry(atom, blogs.url("/reply"));
        assertEquals("Alice", reply.getAuthors().getFirst().getName());
        assertEquals(blogs.url("/"), reply.getAuthors().getFirst().getUri());
        assertTrue(reply.getCategories().stream().anyMatch(c -> c.getName().equals("reply") && RomeFeedWriter.TYPES.equals(c.getTaxonomyUri())),
                   reply.getCategories().stream().map(SyndCategory::getName).toList().toString());

        String rssText = linkback.get(feed("rss", "")).body();
        SyndFeed rss = new SyndFeedInput().build(new StringReader(rssText));
        assertEquals("Bob", entry(rss, blogs.url("/like")).getAuthor());
        assertTrue(rssText.contains("<dc:creator>Bob</dc:creator>"), "RSS names the author in dc:creator");
    }

    @Test
    void jf2HasWebmentionIosShape() throws Exception {
        JsonNode jf2 = JSON.readTree(linkback.get(feed("jf2", "")).body());
        assertEquals("feed", jf2.path("type").asText());
        assertEquals(4, jf2.path("children").size());
        JsonNode reply = null;
        for (JsonNode child : jf2.path("children")) {
            assertEquals("entry", child.path("type").asText());
            assertEquals("card", child.path("author").path("type").asText());
            assertTrue(child.path("wm-id").isNumber() && child.path("wm-received").isTextual());
            assertEquals(post, child.path("wm-target").asText());
            if (child.path("wm-source").asText().equals(blogs.url("/reply"))) {
                reply = child;
            }
        }
        assertEquals("in-reply-to", reply.path("wm-property").asText());
        assertEquals(post, reply.path("in-reply-to").asText());
        assertEquals("So true! bold", reply.path("content").path("text").asText());
        assertEquals("Alice", reply.path("author").path("name").asText());
        assertTrue(linkback.get(feed("jf2", "")).headers().firstValue("Content-Type").orElse("").startsWith("application/jf2feed+json"));
    }

    @Test
    void typePicksSomeOnEveryFeedAndAnUnknownTypeIsRefused() throws Exception {
        JsonNode some = JSON.readTree(linkback.get(feed("json", "&type=reply,like")).body());
        assertEquals(2, some.path("items").size());
        assertEquals(1, JSON.readTree(linkback.get(feed("jf2", "&type=repost")).body()).path("children").size());
        assertEquals(1, new SyndFeedInput().build(new StringReader(linkback.get(feed("atom", "&type=mention")).body())).getEntries().size());
        assertEquals(1, JSON.readTree(linkback.get("/backlinks.json?site=test&type=like").body()).path("items").size());
        assertEquals(400, linkback.get(feed("rss", "&type=applause")).statusCode());
    }

    private String feed(String format, String extra) {
        return "/backlinks." + format + "?target=" + encode(post) + extra;
    }

    private static SyndEntry entry(SyndFeed feed, String link) {
        return feed.getEntries().stream().filter(e -> e.getLink().equals(link)).findFirst().orElseThrow();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
