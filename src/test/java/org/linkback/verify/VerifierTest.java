package org.linkback.verify;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.linkback.fetch.Fetched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading a source page: is the link there, and what is the page called.
 */
class VerifierTest {

    private static final URI TARGET = URI.create("https://blog.example.com/2012/11/re-defecting/");
    private final Verifier verifier = new Verifier();

    private static Fetched html(String url, String html) {
        return page(url, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    private static Fetched page(String url, String contentType, byte[] body) {
        return new Fetched(URI.create(url), 200, contentType, body, false, java.util.Map.of());
    }

    @Test
    void theSeedArticlesPingbackLineComesOutAsTitleAndBlogName() {
        Verification v = verifier.verify(html("https://anthonykao.example/abyss/", """
                <html><head><title>Fascination of the abomination: touring the North Korean abyss | Anthony Kao</title></head>
                <body><article><p>Luke Herman asks <a href="https://blog.example.com/2012/11/re-defecting/">why people keep
                re-defecting to North Korea</a>, and the answers are grim.</p></article></body></html>
                """), TARGET);

        assertTrue(v.linksToTarget());
        assertEquals("Fascination of the abomination: touring the North Korean abyss", v.title());
        assertEquals("Anthony Kao", v.blogName());
        assertEquals("Luke Herman asks why people keep re-defecting to North Korea, and the answers are grim.", v.excerpt());
    }

    @Test
    void theLinkIsFoundAmongHundredsInEverySpellingThatMeansTheTarget() {
        String others = "<p><a href=\"/elsewhere\">a</a> <a href=\"https://other.example/x\">b</a></p>".repeat(200);
        for (String href : new String[] {"HTTPS://BLOG.EXAMPLE.COM/2012/11/re-defecting/", "//blog.example.com/2012/11/re-defecting/#c1",
                                         "https://blog.example.com:443/2012/11/re-defecting/"}) {
            assertTrue(verifier.verify(html("https://a.example/p", others + "<a href=\"" + href + "\">x</a>"), TARGET).linksToTarget(), href);
        }
        assertTrue(verifier.verify(html("https://blog.example.com/2013/01/later/", others + "<a href=\"../../../2012/11/re-defecting/\">x</a>"),
                                   TARGET).linksToTarget(), "a relative link from another post of the same blog");
        assertTrue(verifier.verify(html("https://a.example/p", "<base href=\"https://blog.example.com/\">" + others
                                                               + "<a href=\"2012/11/re-defecting/\">x</a>"), TARGET).linksToTarget(),
                   "a relative link under a <base> on the target's host");
        assertFalse(verifier.verify(html("https://a.example/p", others + "<a href=\"/2012/11/re-defecting/\">x</a>"), TARGET).linksToTarget(),
                    "the same path on the source's own host is another page");
    }

    @Test
    void openGraphAndHEntryNamesWinOverTheTitleTag() {
        Verification og = verifier.verify(html("https://a.example/p", """
                <html><head><title>ignored - Site</title><meta property="og:title" content="OG title">
                <meta property="og:site_name" content="OG Site"></head>
                <body><a href="https://blog.example.com/2012/11/re-defecting/">x</a></body></html>"""), TARGET);
        assertEquals("OG title", og.title());
        assertEquals("OG Site", og.blogName());

        Verification entry = verifier.verify(html("https://a.example/p", """
                <html><head><title>Home</title></head><body><div class="h-entry"><h1 class="p-name">Entry name</h1>
                <a href="https://blog.example.com/2012/11/re-defecting/">x</a></div></body></html>"""), TARGET);
        assertEquals("Entry name", entry.title());
    }

    @Test
    void entitiesRelativeUrlsCaseAndFragmentsDoNotHideALink() {
        URI withQuery = URI.create("https://blog.example.com/?p=1&x=2");
        assertTrue(verifier.verify(html("https://a.example/", "<a href=\"https://blog.example.com/?p=1&amp;x=2\">x</a>"),
                                   withQuery).linksToTarget());
        assertTrue(verifier.verify(html("https://blog.example.com/2012/10/older/", "<a href=\"../../11/re-defecting/#top\">x</a>"),
                                   TARGET).linksToTarget());
        assertTrue(verifier.verify(html("https://a.example/", "<a href=\"HTTPS://Blog.Example.COM:443/2012/11/re-defecting/\">x</a>"),
                                   TARGET).linksToTarget());
        assertTrue(verifier.verify(html("https://a.example/dir/page", "<head><base href=\"https://blog.example.com/2012/\"></head>"
                                                                   + "<a href=\"11/re-defecting/\">x</a>"), TARGET).linksToTarget());
    }

    @Test
    void nearMissesAreNotLinks() {
        assertFalse(verifier.verify(html("https://a.example/", "<a href=\"https://blog.example.com/2012/11/re-defecting\">no slash</a>"),
                                    TARGET).linksToTarget());
        assertFalse(verifier.verify(html("https://a.example/", "<p>https://blog.example.com/2012/11/re-defecting/</p>"),
                                    TARGET).linksToTarget());
        assertFalse(verifier.verify(html("https://a.example/", "<link href=\"https://blog.example.com/2012/11/re-defecting/\">"),
                                    TARGET).linksToTarget());
    }

    @Test
    void theExcerptIsAboutAHundredCharactersEitherSide() {
        String before = "word ".repeat(60);
        String after = " more".repeat(60);
        Verification v = verifier.verify(html("https://a.example/", "<p>" + before + "<a href=\"" + TARGET + "\">LINK</a>" + after + "</p>"),
                                         TARGET);
        assertTrue(v.excerpt().startsWith("…"), v.excerpt());
        assertTrue(v.excerpt().endsWith("…"), v.excerpt());
        assertTrue(v.excerpt().contains("word LINK more"), v.excerpt());
        assertTrue(v.excerpt().length() <= 2 * Verifier.CONTEXT_CHARS + "LINK".length() + 2, v.excerpt());
    }

    @Test
    void theCharsetOfTheHeaderOrTheMetaTagIsHonoured() {
        byte[] latin1 = "<title>Caf\u00e9 | Blog</title><a href=\"https://blog.example.com/2012/11/re-defecting/\">x</a>"
                .getBytes(Charset.forName("ISO-8859-1"));
        assertEquals("Caf\u00e9", verifier.verify(page("https://a.example/", "text/html; charset=ISO-8859-1", latin1), TARGET).title());
        byte[] meta = ("<meta charset=\"iso-8859-1\"><title>Caf\u00e9 | Blog</title>").getBytes(Charset.forName("ISO-8859-1"));
        assertEquals("Caf\u00e9", verifier.verify(page("https://a.example/", "text/html", meta), TARGET).title());
    }

    @Test
    void aPlainTextSourceLinksByMentioningTheUrl() {
        Verification v = verifier.verify(page("https://a.example/note.txt", "text/plain",
                                              ("Read " + TARGET + " today").getBytes(StandardCharsets.UTF_8)), TARGET);
        assertTrue(v.linksToTarget());
        assertNull(v.title());
    }
}
