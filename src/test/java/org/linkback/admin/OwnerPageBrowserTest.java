package org.linkback.admin;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import org.linkback.testing.Browser;
import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A site owner in a real browser: signs in to the admin page with their owner token, sees their
 * own site without a site switcher, moderates its backlinks, and is signed out the moment the
 * token is revoked.
 */
class OwnerPageBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = TestLinkback.Settings.ADMIN_TOKEN;

    private static PageServer alice;
    private static PageServer bob;
    private static TestLinkback linkback;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        alice = new PageServer();
        bob = PageServer.on("127.0.0.2");
        linkback = TestLinkback.start(TestLinkback.Settings.forSite("http://configured.example/"));
        api("POST", "/admin/api/sites", "{\"name\":\"alice\",\"baseUrl\":\"" + alice.url("/") + "\",\"title\":\"Alice's walks\"}");
        api("POST", "/admin/api/sites", "{\"name\":\"bob\",\"baseUrl\":\"" + bob.url("/") + "\",\"title\":\"Bob's notes\"}");
        alice.html("/hills", "<title>Walking in the hills</title><p>article</p>");
        bob.html("/notes", "<title>Notes</title><p>article</p>");
        ping(alice, "/reply/one", "Up the hill with Alice", alice.url("/hills"));
        ping(alice, "/reply/two", "Down again", alice.url("/hills"));
        ping(bob, "/reply/bob", "Bob's secret reader", bob.url("/notes"));
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        browser.close();
        linkback.close();
        alice.close();
        bob.close();
    }

    private static HttpResponse<String> api(String method, String path, String body) {
        return linkback.request(method, path, "application/json", body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                                "Authorization", "Bearer " + ADMIN);
    }

    private static void ping(PageServer server, String path, String title, String target) throws Exception {
        server.html(path, "<title>" + title + "</title><p>About <a href=\"" + target + "\">this</a>.</p>");
        new PingbackClient(linkback.url("/xmlrpc")).ping(server.url(path), target);
    }

    private static JsonNode newToken(String label) throws Exception {
        return JSON.readTree(api("POST", "/admin/api/sites/alice/tokens", "{\"label\":\"" + label + "\"}").body());
    }

    private static void signIn(WebDriver page, String token) {
        page.get(linkback.url("/admin/"));
        page.manage().deleteAllCookies();
        page.get(linkback.url("/admin/"));
        page.findElement(By.id("token")).sendKeys(token);
        page.findElement(By.id("sign-in")).click();
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("status-filter")));
    }

    @Test
    void anOwnerChoosesWhereAndWhatTheyHearOfByEmail() throws Exception {
        WebDriver page = browser.driver();
        signIn(page, newToken("Alice's phone").path("token").asText());
        page.findElement(By.cssSelector("nav button[data-view=email]")).click();
        WebElement held = browser.waiting().until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#email-owner input[value=held]")));
        assertTrue(held.isSelected(), "held and the digest unless chosen otherwise");
        assertFalse(page.findElement(By.id("email-site")).isDisplayed(), "an owner has one site");
        assertFalse(page.findElement(By.id("email-admin")).isDisplayed(), "the admin's own choices are not theirs");

        page.findElement(By.id("email-notify")).sendKeys("alice@walks.example");
        page.findElement(By.cssSelector("#email-owner input[value=new]")).click();
        page.findElement(By.cssSelector("#email-owner input[value=digest]")).click();
        page.findElement(By.cssSelector("#email-form button[type=submit]")).click();
        browser.waiting().until(ExpectedConditions.textToBe(By.id("message"), "Saved. Emails about alice go out as chosen."));

        JsonNode site = JSON.readTree(api("GET", "/admin/api/sites/alice", null).body());
        assertEquals("alice@walks.example", site.path("notify").asText());
        assertEquals("[\"held\",\"new\"]", site.path("notifyEvents").toString());
        assertEquals("[\"held\",\"digest\"]", site.path("adminEvents").toString(), "the admin's stay as they were");
    }

    @Test
    void anOwnerSeesTheirSiteOnlyAndModeratesIt() throws Exception {
        WebDriver page = browser.driver();
        signIn(page, newToken("Alice").path("token").asText());

        assertEquals("Site: alice", page.findElement(By.id("signed-in-site")).getText());
        assertFalse(page.findElement(By.id("overview-site")).isDisplayed(), "no site switcher");
        page.findElement(By.cssSelector("nav button[data-view=mentions]")).click();
        new Select(page.findElement(By.id("status-filter"))).selectByValue("approved");
        By one = By.cssSelector("article.card[data-source='" + alice.url("/reply/one") + "']");
        WebElement card = browser.waiting().until(ExpectedConditions.presenceOfElementLocated(one));
        assertTrue(page.findElements(By.cssSelector("article.card[data-source='" + bob.url("/reply/bob") + "']")).isEmpty(),
                   "Bob's backlink is not shown");
        assertFalse(page.getPageSource().contains("Bob's secret reader"));
        browser.screenshot("admin-owner");

        card.findElement(By.cssSelector("button[data-status=spam]")).click();

        browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(one));
        assertTrue(api("GET", "/admin/api/audit?action=status.changed", null).body().contains("\"actor\":\"Alice\""),
                   "the change is Alice's in the audit log");
    }

    @Test
    void revokingTheTokenEndsThePageSessionAtOnce() throws Exception {
        JsonNode token = newToken("Alice's phone");
        WebDriver page = browser.driver();
        signIn(page, token.path("token").asText());

        assertEquals(204, api("DELETE", "/admin/api/sites/alice/tokens/" + token.path("id").asText(), null).statusCode());
        page.get(linkback.url("/admin/"));

        assertFalse(page.findElements(By.id("token")).isEmpty(), "the sign-in form again");
    }
}
