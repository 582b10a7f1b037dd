package org.linkback.mail;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.linkback.store.Database;
import org.linkback.testing.Await;
import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestClock;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Email on its way: an SMTP server that is down keeps the email queued (through a restart) until
 * it takes it, once; the daily digest counts the day; a sign-up sends the owner token.
 */
class EmailDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH = "Bearer " + TestLinkback.Settings.ADMIN_TOKEN;
    private static final String OWNER = "owner@blog.test";
    private static final String ADMIN = "admin@linkback.test";

    private static String yaml(PageServer blogs, Smtp smtp, String admin, String moderation) {
        return TestLinkback.yaml(TestLinkback.Settings.forSite(blogs.url("/blog/")).moderation(moderation))
                .replace("linkback:\n", "linkback:\n" + smtp.yaml(admin))
                .replace("      title: Test Blog\n", "      title: Test Blog\n      notify: " + OWNER + "\n");
    }

    private static void pingFrom(TestLinkback linkback, PageServer blogs, String path) throws Exception {
        blogs.html(path, "<title>Note " + path + "</title><p><a href=\"" + blogs.url("/blog/post") + "\">this</a></p>");
        new PingbackClient(linkback.url("/xmlrpc")).ping(blogs.url(path), blogs.url("/blog/post"));
    }

    private record Row(int attempts, String lastError, Instant sentAt, String text) {
    }

    /** The one email, or a row of nothing while there is none. */
    private static Row message(Database db) {
        return db.read(h -> h.createQuery("SELECT attempts, last_error, sent_at, text_body FROM mail_message")
                .map((rs, ctx) -> new Row(rs.getInt(1), rs.getString(2), rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant(),
                                          rs.getString(4)))
                .findOne().orElse(new Row(0, null, null, null)));
    }

    @Test
    void anEmailWaitsForAnSmtpServerThatIsDownThroughARestartAndGoesOnce() throws Exception {
        TestClock clock = TestClock.stoppedAt(Instant.parse("2026-12-07T12:00:00Z"));
        try (Smtp smtp = Smtp.down(); PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(yaml(blogs, smtp, null, "hold"), clock)) {
            blogs.html("/blog/post", "<title>Post</title>");
            pingFrom(linkback, blogs, "/note");
            clock.advance(Duration.ofSeconds(61));
            try (Database db = linkback.openDatabase()) {
                Await.until(Duration.ofSeconds(20), () -> message(db).attempts() >= 1, "a first attempt");
                Row failed = message(db);
                assertNull(failed.sentAt());
                assertTrue(failed.lastError().contains("did not take it"), failed.lastError());
                assertNotNull(failed.text(), "kept until sent");
            }

            linkback.restart(); // queued in the database: a restart loses nothing
            smtp.up();
            clock.advance(Duration.ofMinutes(1)); // the retry is due
            Smtp.Received email = smtp.await(1).get(0);
            assertEquals("[Test Blog] A backlink waits for your review", email.subject());

            clock.advance(Duration.ofHours(1));
            linkback.awaitNoJobs();
            assertEquals(1, smtp.received().size(), "taken once, sent once");
            try (Database db = linkback.openDatabase()) {
                Row sent = message(db);
                assertNotNull(sent.sentAt());
                assertNull(sent.text(), "its links are not kept once sent");
            }
        }
    }

    @Test
    void withStarttlsAnEmailIsNeverSentInClearToAServerThatCannotUpgrade() throws Exception {
        TestClock clock = TestClock.stoppedAt(Instant.parse("2026-12-07T12:00:00Z"));
        try (Smtp smtp = Smtp.start(); PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(yaml(blogs, smtp, null, "hold").replace("    starttls: false\n", ""), clock)) {
            blogs.html("/blog/post", "<title>Post</title>");
            pingFrom(linkback, blogs, "/note");
            clock.advance(Duration.ofSeconds(61));
            try (Database db = linkback.openDatabase()) {
                Await.until(Duration.ofSeconds(20), () -> message(db).attempts() >= 1, "a first attempt");
                assertNull(message(db).sentAt());
                assertTrue(message(db).lastError().contains("STARTTLS"), message(db).lastError());
            }
            assertEquals(0, smtp.received().size(), "nothing went over a connection without TLS");
        }
    }

    @Test
    void theDailyDigestCountsTheDayForTheOwnerAndOneForTheAdminOfEverySite() throws Exception {
        TestClock clock = TestClock.stoppedAt(Instant.parse("2026-12-07T06:00:00Z")); // the digest goes at 07:00 UTC
        try (Smtp smtp = Smtp.start(); PageServer blogs = new PageServer(); PageServer other = new PageServer();
             TestLinkback linkback = TestLinkback.start(yaml(blogs, smtp, ADMIN, "approve"), clock)) {
            blogs.html("/blog/post", "<title>Post</title>");
            // the digest only: nothing at once
            assertEquals(200, linkback.request("PATCH", "/admin/api/sites/test", "application/json",
                                               "{\"notifyEvents\":[\"digest\"],\"adminEvents\":[\"digest\"]}".getBytes(StandardCharsets.UTF_8),
                                               "Authorization", AUTH).statusCode());
            for (String path : List.of("/a", "/b", "/c", "/d")) {
                pingFrom(linkback, blogs, path);
            }
            JsonNode all = JSON.readTree(linkback.get("/admin/api/mentions", "Authorization", AUTH).body()).path("items");
            assertEquals(4, all.size());
            setStatus(linkback, all.get(0).path("id").asLong(), "spam");
            setStatus(linkback, all.get(1).path("id").asLong(), "pending");
            // a second site, without an owner's address: only in the admin's digest
            assertEquals(201, linkback.post("/admin/api/sites", "application/json",
                                            ("{\"name\":\"other\",\"baseUrl\":\"" + other.url("/") + "\",\"title\":\"Other Blog\","
                                             + "\"adminEvents\":[\"digest\"]}").getBytes(StandardCharsets.UTF_8), "Authorization", AUTH).statusCode());
            other.html("/post", "<title>Other post</title>");
            other.html("/reply", "<title>A reply</title><p><a href=\"" + other.url("/post") + "\">this</a></p>");
            new PingbackClient(linkback.url("/xmlrpc")).ping(other.url("/reply"), other.url("/post"));

            clock.advance(Duration.ofMinutes(61));
            smtp.await(2);
            Smtp.Received owners = smtp.to(OWNER).get(0);
            assertEquals("[Test Blog] Your backlinks on December 7, 2026", owners.subject());
            assertTrue(owners.text().startsWith("In the last 24 hours:\n\n2 mentions\n"), owners.text());
            assertTrue(owners.text().contains("1 backlink waits for your review:"), owners.text());
            assertEquals(1, owners.links("Approve").size());
            assertTrue(owners.text().contains("Top sources:\n- 127.0.0.1 (2)\n"), owners.text());
            assertTrue(owners.text().contains("1 spam backlink caught."), owners.text());
            assertFalse(owners.text().contains("Other Blog"), "an owner hears of their own site");

            Smtp.Received admins = smtp.to(ADMIN).get(0);
            assertEquals("[linkback] Your backlinks on December 7, 2026", admins.subject());
            String testBlog = section(admins.text(), "Test Blog");
            assertTrue(testBlog.contains("2 mentions") && testBlog.contains("1 spam backlink caught."), admins.text());
            assertTrue(section(admins.text(), "Other Blog").contains("\n1 mention\n"), admins.text());
            assertTrue(admins.text().contains("as the administrator of the linkback server"), admins.text());

            clock.advance(Duration.ofHours(3));
            linkback.awaitNoJobs();
            assertEquals(2, smtp.received().size(), "one digest a day each");
        }
    }

    @Test
    void aSignUpWithAnAddressEmailsTheOwnerTokenWhichSignsIn() throws Exception {
        TestClock clock = TestClock.stoppedAt(Instant.parse("2026-12-07T12:00:00Z"));
        try (Smtp smtp = Smtp.start(); PageServer blogs = new PageServer(); PageServer newBlog = new PageServer();
             TestLinkback linkback = TestLinkback.start(yaml(blogs, smtp, null, "approve")
                                                                .replace("  admin:\n", "  signup:\n    enabled: true\n  admin:\n"), clock)) {
            assertEquals(1, org.jsoup.Jsoup.parse(linkback.get("/signup").body()).select("input[name=email][type=email]").size(),
                         "the form asks for an address");
            JsonNode claim = JSON.readTree(linkback.post("/signup", "application/json",
                                                         ("{\"baseUrl\":\"" + newBlog.url("/") + "\",\"email\":\"new@blog.test\"}")
                                                                 .getBytes(StandardCharsets.UTF_8)).body());
            assertEquals("new@blog.test", claim.path("email").asText());
            assertEquals(400, linkback.post("/signup", "application/json",
                                            ("{\"baseUrl\":\"" + newBlog.url("/other/") + "\",\"email\":\"nobody\"}")
                                                    .getBytes(StandardCharsets.UTF_8)).statusCode());
            newBlog.html("/", "<html lang=\"fr\"><head><title>Mon blog</title><meta name=\"linkback-verification\" content=\""
                              + claim.path("token").asText() + "\"></head></html>");
            HttpResponse<String> verified = linkback.post("/signup/" + claim.path("id").asText() + "/verify", "application/json",
                                                          "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals(200, verified.statusCode(), verified.body());
            JsonNode site = JSON.readTree(verified.body());
            assertEquals("new@blog.test", site.path("emailedTo").asText());

            Smtp.Received email = smtp.await(1).get(0);
            assertEquals("new@blog.test", email.to());
            String token = site.path("token").asText();
            assertTrue(email.text().contains(token), email.text());
            assertTrue(email.text().contains("<link rel=\"webmention\" href=\"http://linkback.test/webmention\">"), email.text());
            assertEquals("fr", email.header("Content-Language"), "the site's language, from its page");
            assertNull(email.header("List-Unsubscribe"), "not a list: one email, asked for");

            HttpResponse<String> mine = linkback.get("/admin/api/sites/" + site.path("site").asText(), "Authorization", "Bearer " + token);
            assertEquals(200, mine.statusCode());
            assertEquals("new@blog.test", JSON.readTree(mine.body()).path("notify").asText());
        }
    }

    /** A site's part of a digest of several: from its heading to the next one (or the footer). */
    private static String section(String digest, String title) {
        int start = digest.indexOf("== " + title + " ==");
        assertTrue(start >= 0, "a section for " + title + ": " + digest);
        int next = digest.indexOf("== ", start + 3 + title.length() + 3);
        return digest.substring(start, next < 0 ? digest.indexOf("-- \n") : next);
    }

    private static void setStatus(TestLinkback linkback, long id, String status) {
        HttpResponse<String> set = linkback.post("/admin/api/mentions/" + id + "/status", "application/json",
                                                 ("{\"status\":\"" + status + "\"}").getBytes(StandardCharsets.UTF_8), "Authorization", AUTH);
        assertEquals(200, set.statusCode(), set.body());
    }
}
