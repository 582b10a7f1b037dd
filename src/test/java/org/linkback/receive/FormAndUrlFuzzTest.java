package org.linkback.receive;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.linkback.testing.ServedBlogTest;
import org.linkback.testing.WellFormed;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fixed-seed fuzz of what senders control: form bodies (broken escapes, odd keys, huge values)
 * and URLs (every odd shape) at the TrackBack, webmention and XML-RPC endpoints. Each answer must
 * be the protocol's own: no 500, well-formed XML where XML is answered.
 */
class FormAndUrlFuzzTest extends ServedBlogTest {

    private static final long SEED = 11_2026L;
    private static final int ROUNDS = 150;
    private static final String[] URL_PIECES = {
        "http://", "https://", "HTTP://", "ftp://", "javascript:", "//", "[", "]", "[::1", "::ffff:", "@", ":", "%", "%zz",
        "%00", "%2F", "?", "#", "..", "/", " ", "\t", "\u0001", "é", "日本", "😀", "\uFFFE", "localhost", "127.0.0.1", "0x7f",
        "2130706433", "a".repeat(300), ".", "-", "&", "=", "<", ">", "\"", "'"};
    private static final String[] FORM_PIECES = {
        "&", "=", "%", "%z", "%zz", "%%", "+", "url", "title", "excerpt", "blog_name", "source", "target", "charset",
        "%C3%A9", "%FF%FE", "%00", "%01", "%E2%82", "a".repeat(500), "\u00e9", "&&&", "==="};

    private static String pick(Random random, String[] pieces, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    private static String randomUrl(Random random) {
        return random.nextInt(4) == 0 ? blogs.url("/blog/" + pick(random, URL_PIECES, 2)) : pick(random, URL_PIECES, 1 + random.nextInt(6));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void noFormOrUrlMakesAnEndpointFailOrAnswerOutOfProtocol() {
        Random random = new Random(SEED);
        blogs.html("/blog/fuzz", "<html><head><title>Fuzz</title></head><body>ours</body></html>");
        for (int round = 0; round < ROUNDS; round++) {
            String rawForm = random.nextBoolean()
                    ? pick(random, FORM_PIECES, 1 + random.nextInt(12))
                    : "url=" + encode(randomUrl(random)) + "&source=" + encode(randomUrl(random)) + "&target=" + encode(randomUrl(random))
                      + "&title=" + pick(random, FORM_PIECES, 3);
            byte[] body = rawForm.getBytes(StandardCharsets.UTF_8);

            HttpResponse<String> trackback = linkback.post("/trackback?target=" + encode(random.nextBoolean()
                                                                                              ? blogs.url("/blog/fuzz") : randomUrl(random)),
                                                           "application/x-www-form-urlencoded", body);
            assertTrue(trackback.statusCode() < 500, "TrackBack " + trackback.statusCode() + " for " + rawForm);
            if (trackback.statusCode() == 200) {
                WellFormed.xml(trackback.body());
            }

            HttpResponse<String> webmention = linkback.post("/webmention", "application/x-www-form-urlencoded", body);
            assertTrue(Set.of(202, 400, 413, 429).contains(webmention.statusCode()),
                       "webmention " + webmention.statusCode() + " for " + rawForm + ": " + webmention.body());

            String xml = "<?xml version=\"1.0\"?><methodCall><methodName>pingback.ping</methodName><params>"
                         + "<param><value><string>" + escape(randomUrl(random)) + "</string></value></param>"
                         + "<param><value><string>" + escape(randomUrl(random)) + "</string></value></param></params></methodCall>";
            HttpResponse<String> pingback = linkback.post("/xmlrpc", "text/xml", xml.getBytes(StandardCharsets.UTF_8));
            assertTrue(pingback.statusCode() == 200, "XML-RPC " + pingback.statusCode() + " for " + xml);
            WellFormed.xml(pingback.body());
        }
    }

    /** XML escaping for the request we build (the fuzz is in the values, not in our markup). */
    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                default -> {
                    if (c < 0x20 && c != '\t') {
                        out.append("&#").append(c).append(';'); // not XML 1.0: the server must answer with a fault
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
