package org.linkback.feed;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.xmlrpc.XmlRpcException;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PingbackClient;
import org.linkback.testing.ServedBlogTest;
import org.linkback.testing.TestLinkback;
import org.linkback.testing.WellFormed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fixed-seed fuzz: TrackBacks and pingbacks carrying every control character, stray
 * surrogates, markup and 10 KB titles are stored, then every feed format is parsed back.
 */
class HostileTextFuzzTest extends ServedBlogTest {

    private static final long SEED = 20261127L;
    private static final int PINGS = 40;

    private static final String[] PIECES = {
        "<", ">", "&", "&amp;", "]]>", "\"", "'", "<script>alert(1)</script>", "--", "-->", "\\", "%", "\u0085", "\u2028",
        "\uFFFD", "\uFFFE", "\uFFFF", "\uD800", "\uDFFF", "😀", "👨‍👩‍👧", "日本語", "\u202E", "\u00A0", "\r\n", "\t"};

    private static String hostile(Random random, int maxLength) {
        StringBuilder text = new StringBuilder();
        int target = 1 + random.nextInt(maxLength);
        while (text.length() < target) {
            switch (random.nextInt(4)) {
                case 0 -> text.append((char) random.nextInt(0x20));                  // every C0 control, NUL included
                case 1 -> text.append(PIECES[random.nextInt(PIECES.length)]);
                case 2 -> text.append("😀");                                           // a pair, to be cut at any boundary
                default -> text.append("word ");
            }
        }
        return text.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Numeric character references for the same text, as a hostile page would write it. */
    private static String asCharacterReferences(String text) {
        StringBuilder html = new StringBuilder();
        text.chars().forEach(c -> html.append("&#").append(c).append(';'));
        return html.toString();
    }

    @Test
    void everyFeedParsesWhateverTheBacklinksHold() throws Exception {
        Random random = new Random(SEED);
        String target = blogs.url("/blog/fuzzed");
        blogs.html("/blog/fuzzed", "<html><head><title>Fuzzed article</title></head><body>ours</body></html>");
        PingbackClient pingback = new PingbackClient(linkback.url("/xmlrpc"));

        for (int i = 0; i < PINGS; i++) {
            int size = i % 10 == 0 ? 10_000 : 300;
            String path = "/hostile/" + i;
            blogs.html(path, "<html><head><title>" + asCharacterReferences(hostile(random, size)) + "</title>"
                             + "<meta property=\"og:site_name\" content=\"" + asCharacterReferences(hostile(random, 300)) + "\">"
                             + "</head><body><p>" + asCharacterReferences(hostile(random, size)) + " <a href=\"" + target
                             + "\">link</a></p></body></html>");
            if (i % 2 == 0) {
                HttpResponse<String> answer = linkback.postForm(
                        "/trackback?target=" + encode(target), "application/x-www-form-urlencoded; charset=utf-8",
                        "url=" + encode(blogs.url(path)) + "&title=" + encode(hostile(random, size))
                        + "&excerpt=" + encode(hostile(random, size)) + "&blog_name=" + encode(hostile(random, 400)));
                WellFormed.xml(answer.body());
                assertTrue(answer.body().contains("<error>0</error>"), answer.body());
            } else {
                try {
                    pingback.ping(blogs.url(path), target);
                } catch (XmlRpcException e) {
                    throw new AssertionError("ping " + i + " refused: " + e.getMessage(), e);
                }
            }
        }

        String t = encode(target);
        for (String path : new String[] {"/backlinks.atom?target=" + t, "/backlinks.rss?target=" + t, "/backlinks.atom?site=test",
                                         "/backlinks.rss?site=test", "/trackback?__mode=rss&target=" + t}) {
            HttpResponse<String> feed = linkback.get(path);
            assertEquals(200, feed.statusCode(), path);
            var doc = WellFormed.xml(feed.body());
            int entries = doc.getElementsByTagName("entry").getLength() + doc.getElementsByTagName("item").getLength();
            assertTrue(entries >= PINGS / 2, path + " has " + entries + " entries");
        }
        var json = new ObjectMapper().readTree(linkback.get("/backlinks.json?target=" + t).body());
        assertEquals(PINGS, json.path("items").size());
        json.path("items").forEach(item -> assertTrue(item.path("title").asText().length() <= 250, item.toString()));

        HttpResponse<String> embed = linkback.get("/embed?target=" + t);
        assertEquals(200, embed.statusCode());
        assertEquals(0, Jsoup.parse(embed.body()).select("body script").size(), "no markup from a title became an element");
        HttpResponse<String> admin = linkback.get("/admin/api/mentions?limit=500", "Authorization",
                                                  "Bearer " + TestLinkback.Settings.ADMIN_TOKEN);
        assertEquals(PINGS, new ObjectMapper().readTree(admin.body()).path("items").size());
    }
}
