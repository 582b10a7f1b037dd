package org.linkback.discovery;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.linkback.testing.ServedBlogTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A site owner asks what to paste into an article.
 */
class DiscoveryTest extends ServedBlogTest {

    @BeforeAll
    static void start() {
        blogs.html("/blog/post", "<html><head><title>Fish &amp; Chips -- a \"review\" | My Blog</title></head><body></body></html>");
    }

    private static String query(String target) {
        return "/discovery?target=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
    }

    @Test
    void jsonGivesEachSnippet() throws Exception {
        HttpResponse<String> response = linkback.get(query(blogs.url("/blog/post")), "Accept", "application/json");

        assertEquals(200, response.statusCode());
        JsonNode json = new ObjectMapper().readTree(response.body());
        assertEquals("http://linkback.test/xmlrpc", json.path("xPingback").asText());
        assertEquals("<link rel=\"pingback\" href=\"http://linkback.test/xmlrpc\">", json.path("pingbackLink").asText());
        assertEquals("<link rel=\"webmention\" href=\"http://linkback.test/webmention\">", json.path("webmentionLink").asText());
        assertEquals("Link: <http://linkback.test/webmention>; rel=\"webmention\"", json.path("linkHeader").asText());
        String ping = "http://linkback.test/trackback?target=" + URLEncoder.encode(blogs.url("/blog/post"), StandardCharsets.UTF_8);
        assertEquals(ping, json.path("trackbackPing").asText());
        assertEquals("<link rel=\"alternate\" type=\"application/activity+json\" href=\"http://linkback.test/ap/articles?url="
                     + URLEncoder.encode(blogs.url("/blog/post"), StandardCharsets.UTF_8).replace("&", "&amp;") + "\">",
                     json.path("activityPubLink").asText(), "the fediverse finds the article's object from its page");

        String rdf = json.path("trackbackRdf").asText();
        assertTrue(rdf.startsWith("<!--") && rdf.endsWith("-->"), rdf);
        String inner = rdf.substring(4, rdf.length() - 3);
        assertFalse(inner.contains("--"), "no -- inside the HTML comment: " + rdf);
        Element description = Jsoup.parse(inner, "", Parser.xmlParser()).selectFirst("rdf|Description");
        assertEquals(blogs.url("/blog/post"), description.attr("rdf:about"));
        assertEquals(blogs.url("/blog/post"), description.attr("dc:identifier"));
        assertEquals("Fish & Chips -- a \"review\"", description.attr("dc:title"));
        assertEquals(ping, description.attr("trackback:ping"));
    }

    @Test
    void theHtmlPageShowsTheSnippetsAsText() {
        HttpResponse<String> response = linkback.get(query(blogs.url("/blog/post")));

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        Document page = Jsoup.parse(response.body());
        assertTrue(page.select("link[rel=pingback]").isEmpty(), "snippets are shown, not active in the page");
        String shown = page.select("pre code").text();
        assertTrue(shown.contains("<link rel=\"pingback\" href=\"http://linkback.test/xmlrpc\">"), shown);
        assertTrue(shown.contains("X-Pingback: http://linkback.test/xmlrpc"), shown);
        assertTrue(shown.contains("trackback:ping"), shown);
    }

    @Test
    void aHostileTargetIsEscaped() {
        String target = blogs.url("/blog/a'b?x=1&y=%3Cscript%3E");
        Document page = Jsoup.parse(linkback.get(query(target)).body());
        assertTrue(page.select("script").isEmpty());
        assertTrue(page.body().text().contains(target), page.body().text());
    }

    @Test
    void anArticleOutsideOurSitesIs404() {
        assertEquals(404, linkback.get(query("http://elsewhere.example/post")).statusCode());
        assertEquals(404, linkback.get("/discovery").statusCode());
    }
}
