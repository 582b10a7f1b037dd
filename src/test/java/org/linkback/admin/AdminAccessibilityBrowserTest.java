package org.linkback.admin;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.linkback.testing.Axe;
import org.linkback.testing.Browser;
import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin page for someone on a keyboard, with a screen reader, or in another language:
 * a moderation walk with Tab and Enter only, axe-core on every view in light and dark mode,
 * and the page in German and in Arabic (right to left).
 */
class AdminAccessibilityBrowserTest {

    private static PageServer blogs;
    private static TestLinkback linkback;
    private static Browser browser;
    private static String target;

    @BeforeAll
    static void start() {
        blogs = new PageServer();
        linkback = TestLinkback.start(TestLinkback.Settings.forSite(blogs.url("/blog/")).moderation("hold"));
        target = blogs.url("/blog/post");
        blogs.html("/blog/post", "<html><head><title>Walking in the hills</title></head><body>article</body></html>");
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        linkback.close();
        blogs.close();
    }

    @AfterEach
    void asTheBrowserPrefers() {
        browser.prefers(null, null);
    }

    private static String ping(String host, String path, String title) throws XmlRpcException {
        blogs.html(path, "<html><head><title>" + title + "</title></head><body><p>About walking in the hills: <a href=\"" + target
                         + "\">this</a>.</p></body></html>");
        String source = "http://" + host + ":" + blogs.port() + path;
        new PingbackClient(linkback.url("/xmlrpc")).ping(source, target);
        return source;
    }

    private static String statusOf(String source) throws Exception {
        JsonNode items = new ObjectMapper().readTree(linkback.get("/admin/api/mentions?status=&limit=200", "Authorization",
                                                                 "Bearer " + TestLinkback.Settings.ADMIN_TOKEN).body()).path("items");
        for (JsonNode item : items) {
            if (item.path("source").asText().equals(source)) {
                return item.path("status").asText();
            }
        }
        return "none";
    }

    /** Signs in as a keyboard user does: the token field has the focus, type, Enter. */
    private static void signIn(WebDriver page, String query) {
        page.get(linkback.url("/admin/"));
        page.manage().deleteAllCookies();
        page.get(linkback.url("/admin/" + query));
        browser.press(TestLinkback.Settings.ADMIN_TOKEN, Keys.ENTER); // and the language asked for stays
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#overview-figures li")));
    }

    /** Presses Tab until the focused element matches the selector; on the way, every focused control must show a focus ring. */
    private static void tabTo(WebDriver page, String selector) {
        JavascriptExecutor js = (JavascriptExecutor) page;
        for (int i = 0; i < 120; i++) {
            browser.press(Keys.TAB);
            Object at = js.executeScript("""
                    var e = document.activeElement;
                    if (!e || e === document.body) { return 'body'; }
                    var ring = getComputedStyle(e).outlineStyle !== 'none';
                    return (e.matches(arguments[0]) ? 'there' : 'on') + (ring ? '' : ' without a focus ring: ' + e.outerHTML.slice(0, 120));""",
                                          selector);
            assertTrue(!String.valueOf(at).contains("without"), String.valueOf(at));
            if ("there".equals(at)) {
                return;
            }
        }
        throw new AssertionError("Tab never reached " + selector);
    }

    @Test
    void aKeyboardUserApprovesMarksSpamAndBlocksWithTabAndEnterOnly() throws Exception {
        String good = ping("127.0.0.1", "/kb/good", "A kind reply");
        String junk = ping("127.0.0.1", "/kb/junk", "Cheap walking boots");
        String wave = ping("localhost", "/kb/wave", "Walking deals");
        browser.waiting().until(d -> {
            try {
                return statusOf(good).equals("pending") && statusOf(junk).equals("pending") && statusOf(wave).equals("pending");
            } catch (Exception e) {
                return false;
            }
        });
        WebDriver page = browser.driver();
        signIn(page, "");

        tabTo(page, "nav button[data-view=mentions]");
        browser.press(Keys.ENTER);
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("article.card[data-source='" + wave + "']")));

        tabTo(page, "article.card[data-source='" + good + "'] button[data-status=approved]");
        browser.press(Keys.ENTER);
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Backlinks marked approved: 1"));
        assertEquals("approved", statusOf(good));

        tabTo(page, "article.card[data-source='" + junk + "'] button[data-status=spam]");
        browser.press(Keys.ENTER);
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Backlinks marked spam: 1"));
        assertEquals("spam", statusOf(junk));

        tabTo(page, "article.card[data-source='" + wave + "'] button[data-action=block]");
        browser.press(Keys.ENTER);
        browser.waiting().until(d -> d.findElement(By.id("ask")).isDisplayed());
        assertEquals("ask-cancel", ((JavascriptExecutor) page).executeScript("return document.activeElement.id"),
                     "the dialog takes the focus, on its harmless button");
        browser.press(Keys.TAB, Keys.ENTER);
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Blocked localhost"));
        assertEquals("spam", statusOf(wave));
        assertTrue(linkback.get("/admin/api/blocklist", "Authorization", "Bearer " + TestLinkback.Settings.ADMIN_TOKEN).body()
                           .contains("\"localhost\""));
    }

    @Test
    void axeFindsNothingSeriousOnAnyViewInLightAndDarkMode() throws Exception {
        Axe.assumeInstalled();
        ping("127.0.0.1", "/axe/one", "Counted in the overview");
        ping("127.0.0.1", "/axe/two", "<b>Held</b> for review");
        linkback.post("/admin/api/blocklist", "application/json", "{\"pattern\":\"spam.example\"}".getBytes(),
                      "Authorization", "Bearer " + TestLinkback.Settings.ADMIN_TOKEN);
        WebDriver page = browser.driver();
        List<String> found = new ArrayList<>();
        for (String scheme : List.of("light", "dark")) {
            browser.prefers(scheme, null);
            page.manage().deleteAllCookies();
            page.get(linkback.url("/admin/"));
            Axe.seriousViolations(page).forEach(v -> found.add(scheme + " sign-in: " + v));
            signIn(page, "");
            browser.waiting().until(d -> !d.findElements(By.cssSelector("#overview-chart rect")).isEmpty());
            Axe.seriousViolations(page).forEach(v -> found.add(scheme + " overview: " + v));
            for (String view : List.of("mentions", "blocklist", "email", "audit")) {
                page.findElement(By.cssSelector("nav button[data-view=" + view + "]")).click();
                String loaded = view.equals("email") ? "#email-site option" : "#" + view + " article.card, #" + view + " tbody tr";
                browser.waiting().until(d -> !d.findElements(By.cssSelector(loaded)).isEmpty());
                Axe.seriousViolations(page).forEach(v -> found.add(scheme + " " + view + ": " + v));
            }
            page.findElement(By.cssSelector("nav button[data-view=mentions]")).click();
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("article.card button[data-action=block]")))
                    .click();
            Axe.seriousViolations(page).forEach(v -> found.add(scheme + " dialog: " + v));
            page.findElement(By.id("ask-cancel")).click();
        }
        assertEquals(List.of(), found);
    }

    @Test
    void theChartHasItsFiguresAsATable() throws Exception {
        ping("127.0.0.1", "/chart/one", "Charted");
        WebDriver page = browser.driver();
        signIn(page, "");
        browser.waiting().until(d -> !d.findElements(By.cssSelector("#overview-days-table tr")).isEmpty());
        assertEquals("overview-chart-label", page.findElement(By.id("overview-chart")).getAttribute("aria-labelledby"));
        page.findElement(By.cssSelector("#overview details summary")).click();
        int rows = page.findElements(By.cssSelector("#overview-days-table tr")).size();
        assertEquals(30, rows, "one row per day of the period");
        assertTrue(page.findElement(By.id("overview-days-table")).getText().matches("(?s).*[1-9].*"), "a day with its pings");
    }

    @Test
    void theAdminPageInGermanAndInArabicRightToLeft() throws Exception {
        ping("127.0.0.1", "/lang/one", "Translated");
        WebDriver page = browser.driver();
        signIn(page, "?lang=de");
        assertEquals("de", page.findElement(By.tagName("html")).getAttribute("lang"));
        assertEquals("Übersicht", page.findElement(By.cssSelector("nav button[data-view=overview]")).getText());
        assertEquals("Abmelden", page.findElement(By.cssSelector("header form button")).getText());

        signIn(page, "?lang=ar");
        assertEquals("rtl", page.findElement(By.tagName("html")).getAttribute("dir"));
        browser.screenshot("admin-ar");
        assertEquals(List.of(), Axe.seriousViolations(page)); // skipped here, saying so, without axe-core
    }

    @Test
    void anArticlesNotificationsAreSentFromThePageWhichWatchesThemGo() throws Exception {
        blogs.html("/other/post", "<html><head><link rel=\"webmention\" href=\"/other/webmention\"></head><body>post</body></html>");
        blogs.page("/other/webmention", PageServer.statusPage(202));
        String target = "http://localhost:" + blogs.port() + "/other/post"; // another site than ours (127.0.0.1)
        blogs.html("/blog/sending", "<html><head><title>Sending</title></head><body><article><p>I liked <a href=\"" + target
                                    + "\">this post</a>.</p></article></body></html>");
        WebDriver page = browser.driver();
        signIn(page, "");
        page.findElement(By.cssSelector("nav button[data-view=send]")).click();
        page.findElement(By.id("send-source")).sendKeys(blogs.url("/blog/sending"), Keys.ENTER);

        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#send-list tr[data-outcome=sent]")));
        assertTrue(page.findElement(By.id("send-list")).getText().contains(target));
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Every link is done."));
        assertEquals(List.of(), Axe.seriousViolations(page)); // skipped here, saying so, without axe-core
    }
}
