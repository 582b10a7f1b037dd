package org.linkback.widget;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.apache.xmlrpc.XmlRpcException;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PingbackClient;
import org.linkback.testing.ServedBlogTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /widget.js and /embed over HTTP: caching, CORS and errors.
 */
class WidgetServiceTest extends ServedBlogTest {

    @BeforeAll
    static void start() throws XmlRpcException {
        blogs.html("/blog/post", "<title>Post</title>");
        blogs.html("/reply", "<title>A reply | Replies</title><p><a href=\"" + blogs.url("/blog/post") + "\">post</a></p>");
        new PingbackClient(linkback.url("/xmlrpc")).ping(blogs.url("/reply"), blogs.url("/blog/post"));
    }

    private static String embed(String target) {
        return "/embed?target=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
    }

    @Test
    void theScriptIsCacheableJavascript() {
        HttpResponse<String> script = linkback.get("/widget.js");
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("Content-Type").orElse("").startsWith("application/javascript"));
        assertEquals("public, max-age=300", script.headers().firstValue("Cache-Control").orElse(""));
        String etag = script.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, linkback.get("/widget.js", "If-None-Match", etag).statusCode());
        assertTrue(script.body().contains("attachShadow"));
        assertTrue(script.body().length() < 10 * 1024, "small: " + script.body().length() + " bytes before gzip");
    }

    @Test
    void theFeedTheWidgetReadsIsCacheableFromAnyOrigin() {
        HttpResponse<String> feed = linkback.get("/backlinks.json?target=" + blogs.url("/blog/post"), "Origin", "http://other.example");
        assertEquals("*", feed.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertEquals("public, max-age=300", feed.headers().firstValue("Cache-Control").orElse(""));
    }

    @Test
    void theEmbedPageListsTheBacklinksAndRunsNoScript() {
        HttpResponse<String> page = linkback.get(embed(blogs.url("/blog/post")) + "&theme=dark");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
        assertEquals("Pingback: A reply | Replies", Jsoup.parse(page.body()).selectFirst("li div").text());
        assertEquals(304, linkback.get(embed(blogs.url("/blog/post")) + "&theme=dark", "If-None-Match",
                                       page.headers().firstValue("ETag").orElseThrow()).statusCode());
    }

    @Test
    void theEmbedPageRefusesUnknownArticlesAndThemes() {
        assertEquals(404, linkback.get(embed("http://elsewhere.example/")).statusCode());
        assertEquals(400, linkback.get(embed(blogs.url("/blog/post")) + "&theme=neon").statusCode());
        assertEquals(200, linkback.get(embed(blogs.url("/blog/quiet"))).statusCode());
    }
}
