package org.linkback.widget;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import org.linkback.testing.Axe;
import org.linkback.testing.Browser;
import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * German, Arabic and Korean readers see an article's backlinks in their own language and
 * direction, in the widget and on /embed; and axe-core, run in Chromium, finds nothing serious
 * for anyone, in light and dark mode. Article one has a reply, two likes and a pingback; article
 * two two replies and a like, so each count is seen with 1 and with 2.
 */
class ReadersBrowserTest {

    /** What each reader should read: the heading, and the count lines of articles one and two. */
    private static final Map<String, List<String>> EXPECTED = Map.of(
            "de", List.of("Reaktionen", "1 Antwort \u00b7 2 Likes \u00b7 1 Erwähnung", "2 Antworten \u00b7 1 Like"),
            "ar", List.of("التفاعلات", "رد واحد \u00b7 إعجابان \u00b7 إشارة واحدة", "ردّان \u00b7 إعجاب واحد"),
            "ko", List.of("반응", "답글 1개 \u00b7 좋아요 2개 \u00b7 언급 1개", "답글 2개 \u00b7 좋아요 1개"));

    private static PageServer blog;
    private static PageServer others;
    private static TestLinkback linkback;
    private static Browser browser;
    private static String one;
    private static String two;

    @BeforeAll
    static void start() throws Exception {
        blog = new PageServer();
        others = new PageServer();
        linkback = TestLinkback.start(TestLinkback.Settings.forSite(blog.url("/blog/")));
        one = blog.url("/blog/one");
        two = blog.url("/blog/two");
        blog.html("/blog/one", "<title>One</title>");
        blog.html("/blog/two", "<title>Two</title>");
        for (String lang : EXPECTED.keySet()) {
            for (String article : List.of(one, two)) {
                String dir = lang.equals("ar") ? "rtl" : "ltr";
                blog.html("/blog/" + lang + "/" + article.substring(article.lastIndexOf('/') + 1),
                          "<!DOCTYPE html><html lang=\"" + lang + "\" dir=\"" + dir + "\"><head><meta charset=\"utf-8\"><title>"
                          + lang + "</title></head><body><main><h1>" + lang + "</h1><div id=\"linkbacks\"></div><script src=\""
                          + linkback.url("/widget.js") + "\" data-target=\"" + article + "\" data-lang=\"" + lang
                          + "\" async></script></main></body></html>");
            }
        }
        // a page a blogger would paste the widget into, in light or dark as the reader prefers
        blog.html("/blog/page", """
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="color-scheme" content="light dark">
                <title>A post</title></head><body><main><h1>A post</h1><p>Words.</p>
                <div id="linkbacks"></div><script src="%s" data-target="%s" async></script></main></body></html>"""
                          .formatted(linkback.url("/widget.js"), one));
        reply("/alice/reply", "Alice", one);
        like("/bob/like", "Bob", one);
        like("/dan/like", "Dan", one);
        others.html("/abyss/", "<html><head><title>Fascination of the abomination: touring the North Korean abyss | Anthony Kao"
                               + "</title></head><body><p>I read <a href=\"" + one + "\">why people keep re-defecting</a>.</p></body></html>");
        new PingbackClient(linkback.url("/xmlrpc")).ping(others.url("/abyss/"), one);
        reply("/alice/again", "Alice", two);
        reply("/carol/reply", "Carol", two);
        like("/bob/like-two", "Bob", two);
        awaitItems(one, 4);
        awaitItems(two, 3);
        browser = Browser.start();
    }

    private static void reply(String path, String name, String article) {
        others.html(path, """
                <article class="h-entry"><a class="u-in-reply-to" href="%s">in reply to</a>
                  <a class="p-author h-card" href="/%s/">%s</a><p class="e-content">A fine article.</p></article>"""
                .formatted(article, name.toLowerCase(Locale.ROOT), name));
        send(path, article);
    }

    private static void like(String path, String name, String article) {
        others.html(path, """
                <div class="h-entry"><a class="u-like-of" href="%s">liked</a>
                  <a class="p-author h-card" href="/%s/">%s</a></div>""".formatted(article, name.toLowerCase(Locale.ROOT), name));
        send(path, article);
    }

    private static void send(String path, String article) {
        assertEquals(202, linkback.postForm("/webmention", "application/x-www-form-urlencoded",
                                            "source=" + encode(others.url(path)) + "&target=" + encode(article)).statusCode());
    }

    private static void awaitItems(String article, int count) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (json.readTree(linkback.get("/backlinks.json?target=" + encode(article)).body()).path("items").size() < count) {
            assertTrue(System.nanoTime() < deadline, "the backlinks of " + article + " arrived");
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        linkback.close();
        others.close();
        blog.close();
    }

    @AfterEach
    void asTheBrowserPrefers() {
        browser.prefers(null, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"de", "ar", "ko"})
    void theEmbedPageSpeaksTheReadersLanguageInItsDirection(String lang) {
        WebDriver page = browser.driver();
        for (int article = 1; article <= 2; article++) {
            page.get(linkback.url("/embed?target=" + encode(article == 1 ? one : two) + "&lang=" + lang));
            WebElement html = page.findElement(By.tagName("html"));
            assertEquals(lang, html.getAttribute("lang"));
            assertEquals(lang.equals("ar") ? "rtl" : "ltr", html.getAttribute("dir"));
            assertEquals(EXPECTED.get(lang).get(0), page.findElement(By.cssSelector("section.linkbacks h1")).getText());
            assertEquals(EXPECTED.get(lang).get(article), page.findElement(By.cssSelector(".count")).getText());
            assertDateInLanguage(page.findElement(By.cssSelector("li.entry time")), lang);
            if (article == 1) {
                screenshot("embed-" + lang, 640, 420, () -> { }); // the pictures of the three languages in docs/site-owners.md
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"de", "ar", "ko"})
    void theWidgetSpeaksItsDataLangInItsDirection(String lang) {
        WebDriver page = browser.driver();
        for (String article : List.of("one", "two")) {
            page.get(blog.url("/blog/" + lang + "/" + article));
            SearchContext widget = browser.widgetIn(page.findElement(By.id("linkbacks")));
            WebElement region = widget.findElement(By.cssSelector("section.linkbacks"));
            assertEquals(lang, region.getAttribute("lang"));
            assertEquals(lang.equals("ar") ? "rtl" : "ltr", region.getAttribute("dir"));
            assertEquals(EXPECTED.get(lang).get(0), region.findElement(By.cssSelector("h2")).getText());
            assertEquals(EXPECTED.get(lang).get(article.equals("one") ? 1 : 2), region.findElement(By.cssSelector(".count")).getText());
            assertDateInLanguage(region.findElement(By.cssSelector("li.entry time")), lang);
        }
        browser.screenshot("widget-" + lang);
    }

    @Test
    void withoutDataLangTheReadersBrowserLanguageDecidesAndTheVaryHeaderSaysSo() {
        var korean = linkback.get("/widget/backlinks?target=" + encode(one), "Accept-Language", "ko-KR,ko;q=0.9,en;q=0.5");
        assertEquals(200, korean.statusCode());
        assertTrue(korean.body().contains("lang=\"ko\""), korean.body());
        String vary = String.join(", ", korean.headers().allValues("Vary"));
        assertTrue(vary.contains("Accept-Language") && vary.contains("Accept-Encoding"), vary);
        assertEquals("*", korean.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertTrue(korean.headers().firstValue("Content-Security-Policy").orElse("").contains("sandbox"), "opened by itself, nothing runs");
        assertTrue(linkback.get("/widget/backlinks?target=" + encode(one), "Accept-Language", "sv").body().contains("lang=\"en\""),
                   "a language we do not speak: English");
    }

    @Test
    void aRenderedSectionIsKeptUntilItsBacklinksChangeAndIsOneForEachLanguage() throws Exception {
        String three = blog.url("/blog/three");
        blog.html("/blog/three", "<title>Three</title>");
        String path = "/widget/backlinks?target=" + encode(three);
        var before = linkback.get(path, "Accept-Language", "de");
        assertTrue(before.body().contains("Noch keine Reaktionen."), before.body());
        String etag = before.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, linkback.get(path, "Accept-Language", "de", "If-None-Match", etag).statusCode(), "unchanged: the same page");
        assertTrue(linkback.get(path, "Accept-Language", "ko").body().contains("lang=\"ko\""), "each language its own");

        reply("/dora/reply", "Dora", three);
        awaitItems(three, 1);

        var after = linkback.get(path, "Accept-Language", "de");
        assertTrue(after.body().contains("1 Antwort"), "a new backlink shows at once: " + after.body());
        assertTrue(!after.headers().firstValue("ETag").orElseThrow().equals(etag));
    }

    /** The date as this language writes it, checked against Java's own CLDR data rather than ours. */
    private static void assertDateInLanguage(WebElement time, String lang) {
        Instant when = Instant.parse(time.getAttribute("datetime"));
        String expected = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(Locale.forLanguageTag(lang))
                .withZone(ZoneOffset.UTC).format(when);
        assertEquals(expected, time.getText());
    }

    @Test
    void aPageThatEnforcesTrustedTypesShowsTheWidgetWhenItAllowsItsPolicy() {
        blog.html("/blog/trusted", "<!DOCTYPE html><html lang=\"en\"><head><meta http-equiv=\"Content-Security-Policy\" content=\""
                                   + "require-trusted-types-for 'script'; trusted-types linkback\"><title>Strict</title></head><body><main>"
                                   + "<div id=\"linkbacks\"></div><script src=\"" + linkback.url("/widget.js") + "\" data-target=\"" + one
                                   + "\" async></script></main></body></html>");
        WebDriver page = browser.driver();
        page.get(blog.url("/blog/trusted"));
        SearchContext widget = browser.widgetIn(page.findElement(By.id("linkbacks")));
        assertEquals("1 reply \u00b7 2 likes \u00b7 1 mention", widget.findElement(By.cssSelector(".count")).getText());
    }

    @Test
    void axeItselfSeesAPictureWithoutTextAndGreyOnGrey() {
        blog.html("/blog/bad", "<!DOCTYPE html><html lang=\"en\"><head><title>Bad</title></head><body><main><h1>Bad</h1>"
                               + "<img src=\"/x.png\"><p style=\"color:#aaa;background:#bbb\">faint</p></main></body></html>");
        browser.driver().get(blog.url("/blog/bad"));
        String found = String.join("\n", Axe.seriousViolations(browser.driver()));
        assertTrue(found.contains("image-alt") && found.contains("color-contrast"), found);
    }

    @Test
    void axeFindsNothingSeriousInTheWidgetInLightAndDarkMode() {
        Axe.assumeInstalled();
        WebDriver page = browser.driver();
        List<String> found = new ArrayList<>();
        for (String scheme : List.of("light", "dark")) {
            browser.prefers(scheme, null);
            page.get(blog.url("/blog/page"));
            browser.widgetIn(page.findElement(By.id("linkbacks")));
            Axe.seriousViolations(page).forEach(v -> found.add(scheme + ": " + v));
        }
        assertEquals(List.of(), found);
    }

    @Test
    void axeFindsNothingSeriousOnTheEmbedPageInEnglishAndArabicLightAndDark() {
        Axe.assumeInstalled();
        WebDriver page = browser.driver();
        List<String> found = new ArrayList<>();
        for (String lang : List.of("en", "ar")) {
            for (String scheme : List.of("light", "dark")) {
                browser.prefers(scheme, null);
                page.get(linkback.url("/embed?target=" + encode(one) + "&lang=" + lang));
                Axe.seriousViolations(page).forEach(v -> found.add(lang + " " + scheme + ": " + v));
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void theFacesAreReachedByTabNamedAndVisiblyFocused() {
        WebDriver page = browser.driver();
        page.get(blog.url("/blog/page"));
        SearchContext widget = browser.widgetIn(page.findElement(By.id("linkbacks")));
        List<String> named = new ArrayList<>();
        for (int i = 0; i < 12 && named.size() < 2; i++) {
            browser.press(Keys.TAB);
            Object focused = ((JavascriptExecutor) page).executeScript("""
                    var host = document.getElementById('linkbacks');
                    var e = host.shadowRoot && host.shadowRoot.activeElement;
                    if (!e || !e.classList.contains('face')) { return null; }
                    var style = getComputedStyle(e);
                    return e.getAttribute('aria-label') + '|' + style.outlineStyle;""");
            if (focused != null) {
                named.add((String) focused);
            }
        }
        assertEquals(List.of("Dan liked this|solid", "Bob liked this|solid"), named, "each like's face, by its name, with a ring");
        assertEquals(2, widget.findElements(By.cssSelector("ul.faces.like > li")).size(), "a real list");
    }

    @Test
    void theFacesDoNotMoveForAReaderWhoAsksForReducedMotion() {
        WebDriver page = browser.driver();
        String duration = "return getComputedStyle(document.getElementById('linkbacks').shadowRoot.querySelector('.face')).transitionDuration";
        browser.prefers(null, "no-preference");
        page.get(blog.url("/blog/page"));
        browser.widgetIn(page.findElement(By.id("linkbacks")));
        assertEquals("0.15s", ((JavascriptExecutor) page).executeScript(duration));
        browser.prefers(null, "reduce");
        assertEquals("0s", ((JavascriptExecutor) page).executeScript(duration));
    }

    @Test
    void theReadmePictureTheSeedArticleWithItsCommentsEndingInItsPingback() throws Exception {
        String article = blog.url("/blog/2012/11/re-defecting/");
        String page;
        try (var in = ReadersBrowserTest.class.getResourceAsStream("/seed/article.html")) {
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        blog.html("/blog/2012/11/re-defecting/", page.replace("<!-- WIDGET -->", "<script src=\"" + linkback.url("/widget.js")
                                                                                  + "\" data-target=\"" + article + "\" async></script>"));
        others.html("/2012/11/abyss/", "<html><head><title>Fascination of the abomination: touring the North Korean abyss | Anthony Kao"
                                       + "</title></head><body><p>Why do people keep <a href=\"" + article
                                       + "\">re-defecting to North Korea</a>? I went to see.</p></body></html>");
        new PingbackClient(linkback.url("/xmlrpc")).ping(others.url("/2012/11/abyss/"), article);
        WebDriver driver = browser.driver();
        driver.get(article);
        SearchContext widget = browser.widgetIn(driver.findElement(By.id("linkbacks")));
        assertTrue(widget.findElement(By.cssSelector("li.entry .head")).getText()
                           .startsWith("Pingback: Fascination of the abomination: touring the North Korean abyss"));
        screenshot("readme-seed-article", 900, 760, () -> ((JavascriptExecutor) driver).executeScript(
                "document.getElementById('comments').scrollIntoView()"));
        assertEquals(List.of(), Axe.seriousViolations(driver));
    }

    /** A picture of the page at this window size (then back to the browser's own). */
    private static void screenshot(String name, int width, int height, Runnable thenFirst) {
        var window = browser.driver().manage().window();
        var size = window.getSize();
        window.setSize(new org.openqa.selenium.Dimension(width, height));
        try {
            thenFirst.run();
            browser.screenshot(name);
        } finally {
            window.setSize(size);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
