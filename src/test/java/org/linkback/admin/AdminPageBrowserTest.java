package org.linkback.admin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import org.linkback.testing.Browser;
import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.ServedBlogTest;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An admin in a real browser: signs in, marks a backlink as spam, and blocks a spam wave.
 */
class AdminPageBrowserTest extends ServedBlogTest {

    private static final String HOSTILE = "<img src=x onerror=\"document.title='pwned'\"> Nice post";

    private static Browser browser;
    private static String target;

    @BeforeAll
    static void start() {
        target = blogs.url("/blog/post");
        blogs.html("/blog/post", "<html><head><title>Walking in the hills</title></head><body>article</body></html>");
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        browser.close();
    }

    private static String ping(String host, String path, String title) throws XmlRpcException {
        blogs.html(path, "<html><head><title>" + title.replace("&", "&amp;").replace("<", "&lt;") + "</title></head><body>"
                         + "<p>About walking in the hills: <a href=\"" + target + "\">this</a>.</p></body></html>");
        String source = "http://" + host + ":" + blogs.port() + path;
        new PingbackClient(linkback.url("/xmlrpc")).ping(source, target);
        return source;
    }

    private static String feed() {
        return linkback.get("/backlinks.json?target=" + URLEncoder.encode(target, StandardCharsets.UTF_8)).body();
    }

    private static void signIn(WebDriver page) {
        page.get(linkback.url("/admin/"));
        page.manage().deleteAllCookies(); // every test signs in afresh
        page.get(linkback.url("/admin/"));
        page.findElement(By.id("token")).sendKeys(TestLinkback.Settings.ADMIN_TOKEN);
        page.findElement(By.id("sign-in")).click();
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("status-filter")));
    }

    private static void show(WebDriver page, String status) {
        page.findElement(By.cssSelector("nav button[data-view=mentions]")).click(); // the overview comes first
        new Select(page.findElement(By.id("status-filter"))).selectByValue(status);
    }

    private static By card(String source) {
        return By.cssSelector("article.card[data-source='" + source + "']");
    }

    @Test
    void anAdminMarksABacklinkAsSpamAndItLeavesTheFeed() throws XmlRpcException {
        String source = ping("127.0.0.1", "/reply/good-looking", HOSTILE);
        assertTrue(feed().contains(source));
        WebDriver page = browser.driver();

        signIn(page);
        show(page, "approved");
        WebElement row = browser.waiting().until(ExpectedConditions.presenceOfElementLocated(card(source)));

        // The hostile title is text, not markup.
        assertEquals(HOSTILE, row.findElement(By.cssSelector(".title")).getText());
        assertTrue(row.findElements(By.tagName("img")).isEmpty());
        assertFalse(page.getTitle().contains("pwned"));
        browser.screenshot("admin-queue");

        row.findElement(By.cssSelector("button[data-status=spam]")).click();

        browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(card(source)));
        assertTrue(page.findElement(By.id("message")).getText().contains("marked spam"));
        assertFalse(feed().contains(source));
        assertTrue(linkback.get("/admin/api/audit?action=status.changed", "Authorization",
                                "Bearer " + TestLinkback.Settings.ADMIN_TOKEN).body().contains(source));
    }

    @Test
    void theFirstScreenIsTheOverviewWithItsChartAndFitsAPhone() throws XmlRpcException {
        ping("127.0.0.1", "/reply/overview", "Counted in the overview");
        WebDriver page = browser.driver();
        Dimension desktop = page.manage().window().getSize();
        try {
            page.manage().window().setSize(new Dimension(390, 844));
            signIn(page);
            browser.waiting().until(d -> !d.findElements(By.cssSelector("#overview-chart rect.accepted")).isEmpty());

            assertTrue(page.findElement(By.id("overview")).isDisplayed());
            assertTrue(page.findElement(By.id("overview-figures")).getText().contains("accepted"));
            assertTrue(page.findElement(By.id("overview-hosts")).getText().contains("127.0.0.1"));
            Object overflow = ((JavascriptExecutor) page).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertEquals(0L, ((Number) overflow).longValue(), "no sideways scrolling");
            browser.screenshot("admin-overview");
        } finally {
            page.manage().window().setSize(desktop);
        }
    }

    @Test
    void thePageFitsAPhone() throws XmlRpcException {
        String source = ping("127.0.0.1", "/reply/phone", "A rather long title that a phone has to wrap somewhere sensible");
        WebDriver page = browser.driver();
        Dimension desktop = page.manage().window().getSize();
        try {
            page.manage().window().setSize(new Dimension(390, 844));
            signIn(page);
            show(page, "approved");
            WebElement row = browser.waiting().until(ExpectedConditions.presenceOfElementLocated(card(source)));

            Object overflow = ((JavascriptExecutor) page).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertEquals(0L, ((Number) overflow).longValue(), "no sideways scrolling");
            assertTrue(row.findElement(By.cssSelector("button[data-status=approved]")).isDisplayed());
            browser.screenshot("admin-phone");
        } finally {
            page.manage().window().setSize(desktop);
        }
    }

    @Test
    void aSpamWaveFromOneHostGoesInTwoClicks() throws XmlRpcException {
        List<String> wave = List.of(ping("localhost", "/wave/1", "Walking deals 1"), ping("localhost", "/wave/2", "Walking deals 2"),
                                    ping("localhost", "/wave/3", "Walking deals 3"));
        String innocent = ping("127.0.0.1", "/reply/innocent", "Hills again");
        WebDriver page = browser.driver();
        signIn(page);
        show(page, "approved");
        WebElement row = browser.waiting().until(ExpectedConditions.presenceOfElementLocated(card(wave.getFirst())));

        row.findElement(By.cssSelector("button[data-action=block]")).click();           // click 1
        browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("ask-yes"))).click(); // click 2

        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Backlinks marked spam: 3"));
        String feed = feed();
        wave.forEach(source -> assertFalse(feed.contains(source), source));
        assertTrue(feed.contains(innocent));
        browser.screenshot("admin-after-block");

        page.findElement(By.cssSelector("nav button[data-view=blocklist]")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("block-list"), "localhost"));
        // a shared list followed from the page; one that turns into an error page says why, and keeps its hosts
        blogs.page("/lists/spam.txt", new PageServer.Page(200, "text/plain", "# a list\nspam-hosts.example\n".getBytes(), 0, null));
        page.findElement(By.id("list-url")).sendKeys(blogs.url("/lists/spam.txt"));
        page.findElement(By.cssSelector("#list-form button")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("list-list"), "/lists/spam.txt"));
        blogs.page("/lists/spam.txt", new PageServer.Page(200, "text/html", "<!doctype html><p>Bad gateway</p>".getBytes(), 0, null));
        page.findElement(By.cssSelector("#list-list button")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("list-list"), "HTML"));
        assertTrue(page.findElement(By.id("list-list")).getText().contains("1"), "its last good copy's one host stays");
        page.findElement(By.cssSelector("nav button[data-view=audit]")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit-list"), "blocklist.added"));
        assertTrue(page.findElement(By.id("audit-list")).getText().contains("approved → spam"));
        browser.screenshot("admin-audit");
    }
}
