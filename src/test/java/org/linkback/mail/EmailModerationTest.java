package org.linkback.mail;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import org.linkback.i18n.Translations;
import org.linkback.store.Database;
import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestClock;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backlink held for review reaches its people by email (a real SMTP server, GreenMail), and
 * they moderate it from there: the link asks, the page's button acts, once. A wave is one email,
 * remote text is escaped, unsubscribing works, and an owner sets where their email goes.
 */
class EmailModerationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH = "Bearer " + TestLinkback.Settings.ADMIN_TOKEN;
    private static final String OWNER = "owner@blog.test";
    private static final String ADMIN = "admin@linkback.test";
    /** After the day's digest time: the day's (empty) digests are made at start, none comes in the middle of a test. */
    private static final Instant NOON = Instant.parse("2026-12-07T12:00:00Z");

    /** The test server's YAML: one site whose owner is {@link #OWNER}, email to {@code smtp}, the admin's when given. */
    private static String yaml(PageServer blogs, Smtp smtp, String admin, String moderation, String siteExtra) {
        return TestLinkback.yaml(TestLinkback.Settings.forSite(blogs.url("/blog/")).moderation(moderation))
                .replace("linkback:\n", "linkback:\n" + smtp.yaml(admin))
                .replace("      title: Test Blog\n", "      title: Test Blog\n      notify: " + OWNER + "\n" + siteExtra);
    }

    /** A page on the test blog linking to its post, pinged back. */
    private static void pingFrom(TestLinkback linkback, PageServer blogs, String path, String title) throws Exception {
        blogs.html(path, "<title>" + title + "</title><p>What a post. <a href=\"" + blogs.url("/blog/post") + "\">this</a></p>");
        new PingbackClient(linkback.url("/xmlrpc")).ping(blogs.url(path), blogs.url("/blog/post"));
    }

    /** A link in an email (to the public URL) as a path on the test server. */
    private static String path(String link) {
        return link.replace("http://linkback.test", "");
    }

    private static String token(String link) {
        return link.substring(link.indexOf("t=") + 2);
    }

    private static HttpResponse<String> confirm(TestLinkback linkback, String actionLink) {
        return linkback.postForm("/mail/act", "application/x-www-form-urlencoded",
                                 "t=" + URLEncoder.encode(token(actionLink), StandardCharsets.UTF_8));
    }

    private static int publicBacklinks(TestLinkback linkback, PageServer blogs) throws Exception {
        return JSON.readTree(linkback.get("/backlinks.json?target=" + blogs.url("/blog/post")).body()).path("items").size();
    }

    @Test
    void aHeldBacklinkIsOneEmailWithBothPartsToTheOwnerAndTheAdmin() throws Exception {
        TestClock clock = TestClock.stoppedAt(NOON);
        try (Smtp smtp = Smtp.start(); PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(yaml(blogs, smtp, ADMIN, "hold", ""), clock)) {
            blogs.html("/blog/post", "<title>Post</title>");
            pingFrom(linkback, blogs, "/note", "A note | Alice's blog");
            clock.advance(Duration.ofSeconds(61)); // a minute for others to come along

            List<Smtp.Received> emails = smtp.await(2);
            linkback.awaitNoJobs();
            assertEquals(2, smtp.received().size());
            assertEquals(1, smtp.to(OWNER).size());
            assertEquals(1, smtp.to(ADMIN).size());
            for (Smtp.Received email : emails) {
                assertEquals("[Test Blog] A backlink waits for your review", email.subject());
                assertEquals("linkback@linkback.test", email.message().getFrom()[0].toString());
                assertTrue(email.text().contains("* A note\n"), email.text());
                assertTrue(email.text().contains("Author: Alice's blog"), email.text());
                assertTrue(email.text().contains("From: 127.0.0.1"), email.text());
                assertTrue(email.text().contains("Type: Mention (Pingback)"), email.text());
                assertTrue(email.text().contains("Spam score: "), email.text());
                assertTrue(email.text().contains("What a post."), email.text());
                assertEquals(1, email.links("Approve").size());
                assertEquals(1, email.links("Spam").size());
                assertTrue(email.links("Open in admin").get(0).startsWith("http://linkback.test/admin/?lang=en"));
                Document html = Jsoup.parse(email.html());
                assertEquals("A note", html.select("a[href=" + blogs.url("/note") + "]").text());
                assertEquals(2, html.select("a[href^=http://linkback.test/mail/act?t=]").size());
                assertTrue(html.select("img, script, link, iframe").isEmpty(), "nothing that loads: " + email.html());
                assertEquals("auto-generated", email.header("Auto-Submitted"));
                assertTrue(email.header("List-Unsubscribe").startsWith("<http://linkback.test/mail/unsubscribe?t="));
                assertEquals("List-Unsubscribe=One-Click", email.header("List-Unsubscribe-Post"));
            }
            // each recipient's links are their own
            assertFalse(smtp.to(OWNER).get(0).links("Approve").equals(smtp.to(ADMIN).get(0).links("Approve")));
        }
    }

    @Test
    void anActionLinkAsksFirstActsOnceOnThePostAndIsRefusedUsedExpiredOrTampered() throws Exception {
        TestClock clock = TestClock.stoppedAt(NOON);
        try (Smtp smtp = Smtp.start(); PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(yaml(blogs, smtp, null, "hold", ""), clock)) {
            blogs.html("/blog/post", "<title>Post</title>");
            pingFrom(linkback, blogs, "/note", "A note");
            pingFrom(linkback, blogs, "/other", "Another note");
            clock.advance(Duration.ofSeconds(61));
            Smtp.Received email = smtp.await(1).get(0);
            assertEquals("[Test Blog] 2 backlinks wait for your review", email.subject());
            String approve = email.links("Approve").get(0);
            String spam = email.links("Spam").get(1);

            // a mail scanner follows the link: it only asks
            HttpResponse<String> asked = linkback.get(path(approve));
            assertEquals(200, asked.statusCode());
            Document page = Jsoup.parse(asked.body());
            assertEquals("Approve this backlink?", page.select("h1").text());
            assertEquals("post", page.select("form").attr("method"));
            assertEquals("no-referrer", asked.headers().firstValue("Referrer-Policy").orElse(""));
            linkback.get(path(approve));
            assertEquals(0, publicBacklinks(linkback, blogs));

            // the page's button: approved, audited with the recipient as the actor
            HttpResponse<String> done = confirm(linkback, approve);
            assertEquals(200, done.statusCode());
            assertEquals("Approved. Readers now see it.", Jsoup.parse(done.body()).select("h1").text());
            assertEquals(1, publicBacklinks(linkback, blogs));
            JsonNode audit = JSON.readTree(linkback.get("/admin/api/audit?action=status.changed", "Authorization", AUTH).body());
            assertEquals(OWNER, audit.path("items").get(0).path("actor").asText());
            assertEquals("approved", audit.path("items").get(0).path("newStatus").asText());

            // once only
            assertEquals(409, confirm(linkback, approve).statusCode());
            assertEquals(409, linkback.get(path(approve)).statusCode());
            // tampered: another backlink's id under the same signature
            String forged = approve.substring(0, approve.length() - 2) + (approve.endsWith("A") ? "BB" : "AA");
            assertEquals(400, linkback.get(path(forged)).statusCode());
            assertEquals(400, confirm(linkback, forged).statusCode());
            assertEquals(400, confirm(linkback, "t=garbage").statusCode());
            // expired after seven days: the spam link of the other backlink does nothing
            clock.advance(Duration.ofDays(7));
            assertEquals(410, linkback.get(path(spam)).statusCode());
            assertEquals(410, confirm(linkback, spam).statusCode());
            JsonNode pending = JSON.readTree(linkback.get("/admin/api/mentions?status=pending", "Authorization", AUTH).body());
            assertEquals(1, pending.path("items").size(), "the expired link marked nothing spam");
        }
    }

    @Test
    void aWaveOfFiftyBacklinksInAMinuteIsOneEmail() throws Exception {
        TestClock clock = TestClock.stoppedAt(NOON);
        try (Smtp smtp = Smtp.start(); PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(yaml(blogs, smtp, null, "hold", ""), clock)) {
            blogs.html("/blog/post", "<title>Post</title>");
            for (int i = 0; i < 50; i++) {
                pingFrom(linkback, blogs, "/note-" + i, "Note " + i);
                if (i % 10 == 9) {
                    clock.advance(Duration.ofSeconds(5)); // spread over the minute
                }
            }
            clock.advance(Duration.ofSeconds(61));
            Smtp.Received email = smtp.await(1).get(0);
            assertEquals("[Test Blog] 50 backlinks wait for your review", email.subject());
            assertEquals(Letters.LISTED, email.links("Approve").size());
            assertTrue(email.text().contains("30 more in the admin."), email.text());

            clock.advance(Duration.ofMinutes(10)); // long past the next five minutes
            linkback.awaitNoJobs();
            assertEquals(0, rows(linkback, "mail_event"), "nothing left to tell");
            assertEquals(1, rows(linkback, "mail_message"));
            assertEquals(1, smtp.received().size());
        }
    }

    @Test
    void remoteTextIsEscapedAndTheEmailSpeaksTheSitesLanguage() throws Exception {
        TestClock clock = TestClock.stoppedAt(NOON);
        try (Smtp smtp = Smtp.start(); PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(yaml(blogs, smtp, null, "hold", "      language: de\n"), clock)) {
            blogs.html("/blog/post", "<title>Post</title>");
            blogs.html("/evil", "<title>&lt;script&gt;alert(1)&lt;/script&gt; Tom &amp; Jerry</title>"
                                + "<p>&lt;img src=x onerror=alert(2)&gt; <a href=\"" + blogs.url("/blog/post") + "\">x</a></p>");
            new PingbackClient(linkback.url("/xmlrpc")).ping(blogs.url("/evil"), blogs.url("/blog/post"));
            clock.advance(Duration.ofSeconds(61));
            Smtp.Received email = smtp.await(1).get(0);

            Document html = Jsoup.parse(email.html());
            assertTrue(html.select("script, img").isEmpty(), email.html());
            assertTrue(html.select("[onerror]").isEmpty(), email.html());
            assertEquals("<script>alert(1)</script> Tom & Jerry", html.select("a[href=" + blogs.url("/evil") + "]").text());
            assertTrue(html.text().contains("<img src=x onerror=alert(2)>"), "the excerpt shows as text: " + html.text());
            assertTrue(email.html().contains("&lt;script&gt;"), email.html());
            assertEquals("de", html.selectFirst("html").attr("lang"));
            assertEquals("de", email.header("Content-Language"));
            String german = Translations.load().speaking("de").orElseThrow().text("mail.held.subject", "site", "Test Blog", "count", 1);
            assertEquals(german, email.subject());
            assertTrue(email.text().contains("<script>alert(1)</script> Tom & Jerry"), "the text part is plain text: " + email.text());
        }
    }

    @Test
    void unsubscribingInOneClickStopsTheEmailsAndItsPageAsksFirst() throws Exception {
        TestClock clock = TestClock.stoppedAt(NOON);
        try (Smtp smtp = Smtp.start(); PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(yaml(blogs, smtp, null, "hold", ""), clock)) {
            blogs.html("/blog/post", "<title>Post</title>");
            pingFrom(linkback, blogs, "/note", "A note");
            clock.advance(Duration.ofSeconds(61));
            Smtp.Received email = smtp.await(1).get(0);
            String unsubscribe = email.header("List-Unsubscribe").replaceAll("^<|>$", "");
            assertEquals(unsubscribe, email.links("Unsubscribe").get(0));

            HttpResponse<String> asked = linkback.get(path(unsubscribe));
            assertEquals(200, asked.statusCode());
            assertEquals("Stop emails to owner@blog.test about Test Blog?", Jsoup.parse(asked.body()).select("h1").text());
            assertEquals("[\"held\",\"digest\"]", site(linkback, AUTH).path("notifyEvents").toString(), "asking changed nothing");

            // what a mail program sends (RFC 8058)
            HttpResponse<String> done = linkback.postForm(path(unsubscribe), "application/x-www-form-urlencoded",
                                                          "List-Unsubscribe=One-Click");
            assertEquals(200, done.statusCode());
            assertEquals("[]", site(linkback, AUTH).path("notifyEvents").toString());

            pingFrom(linkback, blogs, "/later", "A later note");
            clock.advance(Duration.ofMinutes(6));
            linkback.awaitNoJobs();
            assertEquals(0, rows(linkback, "mail_event"), "nobody wants to hear of it");
            assertEquals(1, smtp.received().size());
        }
    }

    @Test
    void anOwnerSetsTheirOwnAddressAndEventsAndNothingElse() throws Exception {
        TestClock clock = TestClock.stoppedAt(NOON);
        try (Smtp smtp = Smtp.start(); PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(yaml(blogs, smtp, ADMIN, "approve", ""), clock)) {
            blogs.html("/blog/post", "<title>Post</title>");
            String owner = "Bearer " + JSON.readTree(linkback.post("/admin/api/sites/test/tokens", "application/json",
                                                                   "{\"label\":\"Alice\"}".getBytes(StandardCharsets.UTF_8),
                                                                   "Authorization", AUTH).body()).path("token").asText();
            assertEquals(OWNER, site(linkback, owner).path("notify").asText());

            HttpResponse<String> changed = patch(linkback, owner, "{\"notify\":\"new@blog.test\",\"notifyEvents\":[\"new\"]}");
            assertEquals(200, changed.statusCode(), changed.body());
            JsonNode mine = JSON.readTree(changed.body());
            assertEquals("new@blog.test", mine.path("notify").asText());
            assertEquals("[\"new\"]", mine.path("notifyEvents").toString());
            assertTrue(mine.path("adminEvents").isMissingNode(), "the admin's own choices are the admin's");
            assertEquals(403, patch(linkback, owner, "{\"title\":\"Mine now\"}").statusCode());
            assertEquals(400, patch(linkback, owner, "{\"notify\":\"not an address\"}").statusCode());
            assertEquals(400, patch(linkback, owner, "{\"notifyEvents\":[\"everything\"]}").statusCode());
            assertEquals(200, patch(linkback, AUTH, "{\"adminEvents\":[\"none\"]}").statusCode());
            assertEquals("[]", site(linkback, AUTH).path("adminEvents").toString());

            pingFrom(linkback, blogs, "/note", "A public note");
            clock.advance(Duration.ofSeconds(61));
            Smtp.Received email = smtp.await(1).get(0);
            linkback.awaitNoJobs();
            assertEquals(1, smtp.received().size(), "the admin chose none");
            assertEquals("new@blog.test", email.to());
            assertEquals("[Test Blog] A new backlink", email.subject());
            assertTrue(email.links("Approve").isEmpty(), "a public backlink needs no approval");
        }
    }

    private static int rows(TestLinkback linkback, String table) {
        try (Database db = linkback.openDatabase()) {
            return db.read(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Integer.class).one());
        }
    }

    private static JsonNode site(TestLinkback linkback, String auth) throws Exception {
        HttpResponse<String> site = linkback.get("/admin/api/sites/test", "Authorization", auth);
        assertEquals(200, site.statusCode(), site.body());
        JsonNode json = JSON.readTree(site.body());
        assertNotNull(json.get("notifyEvents"));
        return json;
    }

    private static HttpResponse<String> patch(TestLinkback linkback, String auth, String body) {
        return linkback.request("PATCH", "/admin/api/sites/test", "application/json", body.getBytes(StandardCharsets.UTF_8),
                                "Authorization", auth);
    }
}
