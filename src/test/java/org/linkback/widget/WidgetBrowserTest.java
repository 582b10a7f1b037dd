package org.linkback.widget;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import org.linkback.testing.Browser;
import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A site owner's page, on another origin than linkback, pastes the widget: a real browser shows
 * the seed article's pingback line, and a hostile backlink stays text.
 */
class WidgetBrowserTest {

    private static final String SEED_SOURCE_TITLE = "Fascination of the abomination: touring the North Korean abyss | Anthony Kao";
    private static final String HOSTILE = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>Evil";

    private static PageServer blog;
    private static PageServer others;
    private static TestLinkback linkback;
    private static Browser browser;
    private static String article;

    @BeforeAll
    static void start() throws Exception {
        blog = new PageServer();
        others = new PageServer();
        linkback = TestLinkback.start(TestLinkback.Settings.forSite(blog.url("/2012/")));
        article = blog.url("/2012/11/re-defecting/");
        String widget = "<script src=\"" + linkback.url("/widget.js") + "\" data-target=\"" + article + "\" async></script>";
        blog.html("/2012/11/re-defecting/", seedArticle().replace("<!-- WIDGET -->", widget));
        blog.html("/2012/10/older/", "<title>An older post</title><p>Nobody linked here.</p>"
                                     + "<script src=\"" + linkback.url("/widget.js") + "\" async></script>");

        PingbackClient client = new PingbackClient(linkback.url("/xmlrpc"));
        others.html("/abyss/", "<html><head><title>" + SEED_SOURCE_TITLE + "</title></head><body><p>I read "
                               + "<a href=\"" + article + "\">why people keep re-defecting</a> after my trip.</p></body></html>");
        client.ping(others.url("/abyss/"), article);
        others.html("/evil", "<html><head><title>" + HOSTILE.replace("&", "&amp;").replace("<", "&lt;") + "</title></head><body>"
                             + "<p><a href=\"" + article + "\">x</a></p></body></html>");
        client.ping(others.url("/evil"), article);
        browser = Browser.start();
    }

    private static String seedArticle() throws IOException {
        try (InputStream in = WidgetBrowserTest.class.getResourceAsStream("/seed/article.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @AfterAll
    static void stop() {
        browser.close();
        linkback.close();
        others.close();
        blog.close();
    }

    /** The widget's shadow root inside the given host element, once it has rendered. */
    private static SearchContext rendered(WebElement host) {
        return browser.widgetIn(host);
    }

    @Test
    void theBlogShowsItsBacklinksTheWayBlogsDo() throws Exception {
        WebDriver page = browser.driver();
        page.get(article);

        SearchContext widget = rendered(page.findElement(By.id("linkbacks")));

        assertEquals("2 backlinks", widget.findElement(By.cssSelector(".count")).getText());
        List<WebElement> entries = widget.findElements(By.cssSelector("li.entry"));
        WebElement seed = entries.get(1); // newest first: the hostile one came second
        assertEquals("Pingback: " + SEED_SOURCE_TITLE, seed.findElement(By.cssSelector(".head")).getText());
        WebElement link = seed.findElement(By.cssSelector("a.title"));
        assertEquals(others.url("/abyss/"), link.getAttribute("href"));
        assertEquals("nofollow ugc noopener", link.getAttribute("rel"));
        assertTrue(seed.findElement(By.cssSelector(".excerpt")).getText().contains("why people keep re-defecting"));
        assertTrue(seed.findElement(By.cssSelector("time")).getText().matches(".*\\d{4}.*"));

        ((JavascriptExecutor) page).executeScript("document.querySelector('h2').scrollIntoView()");
        assertTrue(Files.size(browser.screenshot("widget-seed-article")) > 10_000);
    }

    @Test
    void aHostileTitleIsShownAsTextAndNothingRuns() {
        WebDriver page = browser.driver();
        page.get(article);

        SearchContext widget = rendered(page.findElement(By.id("linkbacks")));

        WebElement evil = widget.findElements(By.cssSelector("li.entry")).getFirst();
        assertEquals(HOSTILE.replaceAll("\\s+", " "), evil.findElement(By.cssSelector("a.title")).getText());
        assertTrue(widget.findElements(By.cssSelector("img, script:not([src])")).isEmpty());
        assertNull(((JavascriptExecutor) page).executeScript("return window.pwned === undefined ? null : window.pwned;"));
        assertNull(((JavascriptExecutor) page).executeScript(
                "return Object.keys(window).find(function (k) { return /linkback/i.test(k); }) || null;"), "no global leaked");
    }

    @Test
    void withoutDataTargetThePageUrlIsUsedAndNoBacklinksIsQuiet() {
        WebDriver page = browser.driver();
        page.get(blog.url("/2012/10/older/#comments"));

        WebElement host = browser.waiting().until(d -> d.findElements(By.cssSelector("[data-linkback-target]")).stream().findFirst()
                .orElse(null));

        assertEquals(blog.url("/2012/10/older/"), host.getAttribute("data-linkback-target"));
        assertEquals("No responses yet.", rendered(host).findElement(By.cssSelector(".quiet")).getText());
    }

    @Test
    void theCanonicalLinkNamesTheArticleWhenDataTargetIsMissing() {
        blog.html("/2012/11/re-defecting/amp", "<head><link rel=\"canonical\" href=\"" + article + "\"></head><body>"
                                               + "<script src=\"" + linkback.url("/widget.js") + "\" async></script></body>");
        WebDriver page = browser.driver();
        page.get(blog.url("/2012/11/re-defecting/amp"));

        WebElement host = browser.waiting().until(d -> d.findElements(By.cssSelector("[data-linkback-target]")).stream().findFirst()
                .orElse(null));

        assertEquals(article, host.getAttribute("data-linkback-target"));
        assertEquals("2 backlinks", rendered(host).findElement(By.cssSelector(".count")).getText());
    }

    @Test
    void theWidgetTakesThePagesFontAndColoursAndTheSitesCustomProperties() {
        WebDriver page = browser.driver();
        String style = "var s = getComputedStyle(document.getElementById('linkbacks').shadowRoot.querySelector('%s'));"
                       + " return s.color + ' ' + s.fontFamily;";
        JavascriptExecutor js = (JavascriptExecutor) page;
        page.get(article);
        rendered(page.findElement(By.id("linkbacks")));
        js.executeScript("document.body.style.color = 'rgb(40, 50, 60)'; document.body.style.fontFamily = 'Georgia';"
                         + "document.getElementById('linkbacks').style.setProperty('--linkback-accent', 'unset');");
        assertEquals("rgb(40, 50, 60) Georgia", js.executeScript(style.formatted(".quiet, .count")), "the page's text and font");
        assertEquals("rgb(40, 50, 60) Georgia", js.executeScript(style.formatted("a.title")), "links in the page's text colour");

        try {
            dark(true);
            js.executeScript("document.body.style.color = 'rgb(230, 230, 230)'; document.body.style.background = '#111';");
            assertEquals("rgb(230, 230, 230) Georgia", js.executeScript(style.formatted("a.title")), "a dark page's light text");
            browser.screenshot("widget-dark");

            js.executeScript("document.getElementById('linkbacks').style.setProperty('--linkback-accent', 'rgb(1, 2, 3)')");
            assertEquals("rgb(1, 2, 3) Georgia", js.executeScript(style.formatted("a.title")), "the site's accent");
        } finally {
            dark(false);
        }
    }

    private static void dark(boolean on) {
        ((org.openqa.selenium.chromium.ChromiumDriver) browser.driver()).executeCdpCommand("Emulation.setEmulatedMedia",
                java.util.Map.of("features", List.of(java.util.Map.of("name", "prefers-color-scheme", "value", on ? "dark" : "light"))));
    }

    @Test
    void severalWidgetsOnOnePageEachShowTheirArticle() {
        blog.html("/2012/index", "<title>Index</title><h2>Older</h2>"
                                 + "<script src=\"" + linkback.url("/widget.js") + "\" data-target=\"" + blog.url("/2012/10/older/")
                                 + "\" async></script><h2>Re-defecting</h2>"
                                 + "<script src=\"" + linkback.url("/widget.js") + "\" data-target=\"" + article + "\" async></script>");
        WebDriver page = browser.driver();
        page.get(blog.url("/2012/index"));

        browser.waiting().until(d -> d.findElements(By.cssSelector("[data-linkback-target]")).size() == 2);
        List<WebElement> hosts = page.findElements(By.cssSelector("[data-linkback-target]"));
        WebElement older = hosts.stream().filter(h -> h.getAttribute("data-linkback-target").contains("older")).findFirst().orElseThrow();
        WebElement seed = hosts.stream().filter(h -> h.getAttribute("data-linkback-target").contains("re-defecting")).findFirst().orElseThrow();
        assertEquals("No responses yet.", rendered(older).findElement(By.cssSelector(".quiet")).getText());
        assertEquals("2 backlinks", rendered(seed).findElement(By.cssSelector(".count")).getText());
    }
}
