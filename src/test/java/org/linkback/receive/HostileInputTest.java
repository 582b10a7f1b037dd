package org.linkback.receive;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PingbackClient;
import org.linkback.testing.ServedBlogTest;
import org.linkback.testing.TestLinkback;
import org.linkback.testing.WellFormed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bytes an attacker sends, or a remote page holds, never break an answer: each case once made
 * linkback answer 500 or write malformed XML.
 */
class HostileInputTest extends ServedBlogTest {

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String article(String name, String title) {
        blogs.html("/blog/" + name, "<html><head><title>" + title + "</title></head><body>ours</body></html>");
        return blogs.url("/blog/" + name);
    }

    private static String linkingPage(String path, String title, String target) {
        blogs.html(path, "<html><head><title>" + title + "</title></head><body><p>See <a href=\"" + target
                         + "\">this</a>.</p></body></html>");
        return blogs.url(path);
    }

    /** Every feed of the article and of the site parses as XML 1.0 (or JSON). */
    private static void assertEveryFeedParses(String target) throws Exception {
        for (String path : new String[] {"/backlinks.atom?target=" + encode(target), "/backlinks.rss?target=" + encode(target),
                                         "/backlinks.atom?site=test", "/backlinks.rss?site=test",
                                         "/trackback?__mode=rss&target=" + encode(target)}) {
            HttpResponse<String> feed = linkback.get(path);
            assertEquals(200, feed.statusCode(), path + ": " + feed.body());
            WellFormed.xml(feed.body());
        }
        for (String path : new String[] {"/backlinks.json?target=" + encode(target), "/backlinks.json?site=test"}) {
            HttpResponse<String> feed = linkback.get(path);
            assertEquals(200, feed.statusCode(), path + ": " + feed.body());
            new ObjectMapper().readTree(feed.body());
        }
        assertEquals(200, linkback.get("/embed?target=" + encode(target)).statusCode());
    }

    @Test
    void aTrackbackTitleWithAControlCharacterIsStoredWithoutItAndFeedsStayWellFormed() throws Exception {
        String target = article("control", "Our control article");
        String source = linkingPage("/other/control", "Their page", target);

        HttpResponse<String> answer = linkback.postForm("/trackback?target=" + encode(target), "application/x-www-form-urlencoded",
                                                        "url=" + encode(source) + "&title=Nice%01read&blog_name=B%02log"
                                                        + "&excerpt=" + encode("a\u0000b\uFFFEc\uFFFFd\te"));

        assertTrue(answer.body().contains("<error>0</error>"), answer.body());
        assertEveryFeedParses(target);
        String feed = linkback.get("/backlinks.json?target=" + encode(target)).body();
        assertTrue(feed.contains("\"title\" : \"Niceread\""), feed);
        assertTrue(feed.contains("Blog"), feed);
    }

    @Test
    void aPageTitleHoldingACharacterReferenceToAControlIsCleaned() throws Exception {
        String target = article("charref", "Our charref article");
        String source = linkingPage("/other/charref", "Bad &#1;title&#xFFFE; here", target);

        new PingbackClient(linkback.url("/xmlrpc")).ping(source, target);

        assertEveryFeedParses(target);
        assertTrue(linkback.get("/backlinks.json?target=" + encode(target)).body().contains("Bad title here"));
    }

    @Test
    void aMegabyteOfNestedMicroformatsIsReadWithinItsBudgetAndThePingIsRegistered() throws Exception {
        String target = article("nested", "Our nested article");
        // 44,000 nested items, each a property whose text is the rest of the page (it took 25 s of CPU once)
        blogs.html("/other/nested", "<html><body><p><a href=\"" + target + "\">our article</a></p>"
                                    + "<i class=\"h-a p-b\">".repeat(44_000) + "x" + "</i>".repeat(44_000) + "</body></html>");

        String answer = new PingbackClient(linkback.url("/xmlrpc")).ping(blogs.url("/other/nested"), target);

        assertTrue(answer.contains("registered"), answer);
        assertEveryFeedParses(target);
    }

    @Test
    void theDiscoveryRdfStaysWellFormedForATitleWithAControlCharacter() throws Exception {
        String target = article("rdf", "Title &#1;with&#2; controls");

        HttpResponse<String> response = linkback.get("/discovery?target=" + encode(target), "Accept", "application/json");

        assertEquals(200, response.statusCode());
        String rdf = new ObjectMapper().readTree(response.body()).path("trackbackRdf").asText();
        String inner = rdf.substring(4, rdf.length() - 3); // inside <!-- -->
        WellFormed.xml(inner);
        assertTrue(inner.contains("Title with controls"), inner);
    }

    @Test
    void anUnparseableIfModifiedSinceIsIgnored() {
        String target = encode(article("ims", "Dates"));
        for (String path : new String[] {"/widget.js", "/embed?target=" + target, "/backlinks.atom?target=" + target,
                                         "/backlinks.rss?target=" + target, "/backlinks.json?target=" + target}) {
            for (String date : new String[] {"garbage", " ", "Mon, 99 Foo 2026 99:99:99 GMT"}) {
                HttpResponse<String> response = linkback.get(path, "If-Modified-Since", date);
                assertEquals(200, response.statusCode(), path + " with If-Modified-Since: " + date);
            }
        }
    }

    @Test
    void overLongUrlsAreRefusedWithAReasonInEveryProtocol() {
        String target = article("long", "Long");
        String longSource = "http://127.0.0.1:1/" + "a".repeat(2048 - "http://127.0.0.1:1/".length());
        String longSourceNoSlash = "http://example.com?" + "a".repeat(2048 - "http://example.com?".length());
        String longHost = "http://" + "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + ".example/";

        for (String source : new String[] {longSourceNoSlash, longHost, longSource + "b"}) {
            HttpResponse<String> webmention = linkback.postForm("/webmention", "application/x-www-form-urlencoded",
                                                                "source=" + encode(source) + "&target=" + encode(target));
            assertEquals(400, webmention.statusCode(), webmention.body());
            assertTrue(webmention.body().contains("longer than"), webmention.body());

            HttpResponse<String> trackback = linkback.postForm("/trackback?target=" + encode(target),
                                                               "application/x-www-form-urlencoded", "url=" + encode(source));
            assertTrue(trackback.body().contains("<error>1</error>") && trackback.body().contains("longer than"), trackback.body());

            assertEquals(16, new PingbackClient(linkback.url("/xmlrpc")).faultOf(source, target));
        }
        HttpResponse<String> longTarget = linkback.postForm("/webmention", "application/x-www-form-urlencoded",
                                                            "source=" + encode(blogs.url("/x")) + "&target="
                                                            + encode(blogs.url("/blog/") + "t".repeat(2100)));
        assertEquals(400, longTarget.statusCode());
        assertEquals(33, new PingbackClient(linkback.url("/xmlrpc")).faultOf(blogs.url("/x"), blogs.url("/blog/") + "t".repeat(2100)));
    }

    @Test
    void aFaultEchoingAControlCharacterFromAnXml11RequestIsWellFormed() {
        String xml = "<?xml version=\"1.1\"?><methodCall><methodName>ping&#1;back</methodName><params/></methodCall>";

        HttpResponse<String> response = linkback.post("/xmlrpc", "text/xml", xml.getBytes(StandardCharsets.UTF_8));

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("faultCode"), response.body());
        WellFormed.xml(response.body());
    }

    @Test
    void aBlocklistPatternWithAPercentSignIsDecodedOnce() {
        HttpResponse<String> response = linkback.request("DELETE", "/admin/api/blocklist/%25zz", null, null,
                                                         "Authorization", "Bearer " + TestLinkback.Settings.ADMIN_TOKEN);

        assertEquals(404, response.statusCode(), response.body());
    }

    @Test
    void theAdminApiShowsCleanedTextAsJson() throws Exception {
        String target = article("adminjson", "Admin JSON");
        String source = linkingPage("/other/adminjson", "Plain", target);
        linkback.postForm("/trackback?target=" + encode(target), "application/x-www-form-urlencoded",
                          "url=" + encode(source) + "&title=" + encode("x\u0007y"));

        String body = linkback.get("/admin/api/mentions?limit=500", "Authorization", "Bearer " + TestLinkback.Settings.ADMIN_TOKEN).body();
        JsonNode items = new ObjectMapper().readTree(body).path("items");
        assertFalse(items.isEmpty());
        assertFalse(body.contains("\\u0007"), body);
    }
}
