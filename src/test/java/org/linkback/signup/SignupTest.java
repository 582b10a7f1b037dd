package org.linkback.signup;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestClock;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signing up for one's own site, end to end: a claim, its token put on the blog's page, a
 * verification that finds it, and an owner token that sees that site only.
 */
class SignupTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLAIMS_PER_HOUR = 10;

    private final TestClock clock = TestClock.stoppedNow();
    private PageServer configured;
    private PageServer blog;
    private TestLinkback linkback;

    @BeforeEach
    void start() {
        configured = new PageServer();
        blog = PageServer.on("127.0.0.2");
        linkback = TestLinkback.start(withSignup(TestLinkback.yaml(TestLinkback.Settings.forSite(configured.url("/blog/"))), CLAIMS_PER_HOUR)
                                              .replace("      title: Test Blog\n", "      title: Test Blog\n      aliases: ["
                                                                                   + PageServer.on("127.0.0.9").origin() + "/blog/]\n"),
                                      clock);
        blog.html("/", "<html lang=\"de\"><head><title>Bob's notes</title></head><body>welcome</body></html>");
        blog.html("/post", "<title>A post</title><p>article</p>");
    }

    @AfterEach
    void stop() {
        linkback.close();
        configured.close();
        blog.close();
    }

    private static String withSignup(String yaml, int claimsPerHour) {
        return yaml.replace("  admin:\n", "  signup:\n    enabled: true\n    claims-per-hour-per-ip: " + claimsPerHour + "\n  admin:\n");
    }

    private HttpResponse<String> post(String path, String json) {
        return linkback.post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> claim(String baseUrl) {
        return post("/signup", "{\"baseUrl\":\"" + baseUrl + "\"}");
    }

    private void publish(String token) {
        blog.html("/", "<html lang=\"de\"><head><title>Bob's notes</title><meta name=\"linkback-verification\" content=\""
                       + token + "\"></head><body>welcome</body></html>");
    }

    @Test
    void aBloggerSignsUpByPuttingTheTokenOnTheirPage() throws Exception {
        HttpResponse<String> claimed = claim(blog.url("/"));
        assertEquals(201, claimed.statusCode(), claimed.body());
        JsonNode claim = JSON.readTree(claimed.body());
        assertTrue(claim.path("instructions").asText().contains("<meta name=\"linkback-verification\" content=\""
                                                                + claim.path("token").asText() + "\">"), claim.toString());

        HttpResponse<String> early = post("/signup/" + claim.path("id").asText() + "/verify", "{}");
        assertEquals(422, early.statusCode(), early.body());
        assertEquals(200, JSON.readTree(early.body()).path("found").path("status").asInt(), "it says what it found: " + early.body());
        assertTrue(JSON.readTree(early.body()).path("found").path("verificationTokens").isEmpty());

        publish(claim.path("token").asText());
        HttpResponse<String> verified = post("/signup/" + claim.path("id").asText() + "/verify", "{}");

        assertEquals(200, verified.statusCode(), verified.body());
        JsonNode owner = JSON.readTree(verified.body());
        assertEquals("127-0-0-2", owner.path("site").asText());
        String token = owner.path("token").asText();
        JsonNode site = JSON.readTree(linkback.get("/admin/api/sites/127-0-0-2", "Authorization", "Bearer " + token).body());
        assertEquals("Bob's notes", site.path("title").asText(), "the title of the page");
        assertEquals("de", site.path("language").asText(), "its language");
        assertEquals("signup", site.path("origin").asText());
        assertEquals(403, linkback.get("/admin/api/sites", "Authorization", "Bearer " + token).statusCode(), "an owner, not the admin");
        blog.html("/reply", "<p><a href=\"" + blog.url("/post") + "\">a post</a></p>");
        new PingbackClient(linkback.url("/xmlrpc")).ping(blog.url("/reply"), blog.url("/post"));
        assertTrue(linkback.get("/admin/api/mentions", "Authorization", "Bearer " + token).body().contains(blog.url("/reply")),
                   "the new site takes pings, and its owner sees them");
        assertEquals(404, post("/signup/" + claim.path("id").asText() + "/verify", "{}").statusCode(), "a claim is used once");
        assertTrue(linkback.get("/admin/api/audit?action=site.created", "Authorization", "Bearer " + token).body()
                           .contains("\"actor\":\"signup\""), "the sign-up is in the site's audit log");
    }

    @Test
    void aClaimOfAServedSiteOrOfAnAliasIsAConflict() throws Exception {
        assertEquals(409, claim(configured.url("/blog/")).statusCode());
        assertEquals(409, claim(configured.url("/blog/2024/")).statusCode(), "under a served site");
        String alias = linkback.get("/admin/api/sites/test", "Authorization", "Bearer " + TestLinkback.Settings.ADMIN_TOKEN).body();
        assertEquals(409, claim(JSON.readTree(alias).path("aliases").get(0).asText()).statusCode(), "an alias of a served site");
        assertEquals(400, claim("http://linkback.test/").statusCode(), "this server itself");
        assertEquals(400, claim("not a url").statusCode());
    }

    @Test
    void aClaimExpiresAfterAWeek() throws Exception {
        JsonNode claim = JSON.readTree(claim(blog.url("/")).body());
        publish(claim.path("token").asText());

        clock.advance(Duration.ofDays(7).plusMinutes(1));

        HttpResponse<String> late = post("/signup/" + claim.path("id").asText() + "/verify", "{}");
        assertEquals(410, late.statusCode(), late.body());
        assertEquals(404, linkback.get("/admin/api/sites/127-0-0-2", "Authorization", "Bearer " + TestLinkback.Settings.ADMIN_TOKEN)
                .statusCode(), "no site was made");
    }

    @Test
    void aPageThatRedirectsToABlockedAddressIsNotFollowed() throws Exception {
        PageServer hidden = PageServer.on("127.0.0.5");
        try {
            linkback.post("/admin/api/blocklist", "application/json", "{\"pattern\":\"127.0.0.5\"}".getBytes(StandardCharsets.UTF_8),
                          "Authorization", "Bearer " + TestLinkback.Settings.ADMIN_TOKEN);
            JsonNode claim = JSON.readTree(claim(blog.url("/")).body());
            hidden.html("/", "<meta name=\"linkback-verification\" content=\"" + claim.path("token").asText() + "\">");
            blog.redirect("/", hidden.url("/"));

            HttpResponse<String> verified = post("/signup/" + claim.path("id").asText() + "/verify", "{}");

            assertEquals(422, verified.statusCode(), verified.body());
            assertFalse(hidden.wasRequested("/"), "the redirect's address was checked before connecting");
        } finally {
            hidden.close();
        }
    }

    @Test
    void aPageOnAPrivateAddressIsRefusedWhereThoseAreRefused() throws Exception {
        linkback.close();
        linkback = TestLinkback.start(withSignup(TestLinkback.yaml(TestLinkback.Settings.forSite("https://configured.example/")
                                                                           .allowPrivate(false)), CLAIMS_PER_HOUR), clock);
        JsonNode claim = JSON.readTree(claim(blog.url("/")).body());
        publish(claim.path("token").asText());

        HttpResponse<String> verified = post("/signup/" + claim.path("id").asText() + "/verify", "{}");

        assertEquals(422, verified.statusCode(), verified.body());
        assertTrue(verified.body().contains("non-public"), verified.body());
        assertEquals(0, blog.count("/"), "no request reached it");
    }

    @Test
    void claimsAreLimitedPerAddressAndSignUpIsOffUnlessTurnedOn() throws Exception {
        for (int i = 0; i < CLAIMS_PER_HOUR; i++) {
            assertEquals(201, claim("https://blog" + i + ".example/").statusCode());
        }
        HttpResponse<String> tooMany = claim("https://one-more.example/");
        assertEquals(429, tooMany.statusCode());
        assertTrue(tooMany.headers().firstValue("Retry-After").isPresent());
        clock.advance(Duration.ofMinutes(6));
        assertEquals(201, claim("https://one-more.example/").statusCode(), "the bucket refills within the hour");

        linkback.close();
        linkback = TestLinkback.start(TestLinkback.Settings.forSite(configured.url("/blog/")));
        assertEquals(404, linkback.get("/signup").statusCode());
        assertEquals(404, claim(blog.url("/")).statusCode());
    }

    @Test
    void aPersonSignsUpWithTheWebFormAndLeavesWithTokenSnippetAndWidget() throws Exception {
        Document form = Jsoup.parse(linkback.get("/signup").body());
        assertEquals("/signup", form.selectFirst("form").attr("action"));
        assertTrue(form.select("input[name=email]").isEmpty(), "this server sends no email: the form asks for no address");
        assertEquals(400, linkback.post("/signup", "application/json", ("{\"baseUrl\":\"" + blog.url("/") + "\",\"email\":\"a@b.example\"}")
                .getBytes(StandardCharsets.UTF_8)).statusCode(), "an address this server cannot write to");

        HttpResponse<String> step2 = linkback.postForm("/signup", "application/x-www-form-urlencoded",
                                                       "baseUrl=" + URLEncoder.encode(blog.url("/"), StandardCharsets.UTF_8));
        assertEquals(201, step2.statusCode(), step2.body());
        Document instructions = Jsoup.parse(step2.body());
        String metaTag = instructions.getElementById("meta-tag").text();
        String token = Jsoup.parse(metaTag).selectFirst("meta").attr("content");
        String verify = instructions.getElementById("verify-form").attr("action");

        HttpResponse<String> notYet = linkback.postForm(verify, "application/x-www-form-urlencoded", "");
        assertEquals(422, notYet.statusCode());
        assertFalse(Jsoup.parse(notYet.body()).getElementById("problem").text().isEmpty(), "the page says what is missing");

        publish(token);
        HttpResponse<String> done = linkback.postForm(verify, "application/x-www-form-urlencoded", "");

        assertEquals(200, done.statusCode(), done.body());
        Document page = Jsoup.parse(done.body());
        String ownerToken = page.getElementById("owner-token").text();
        assertEquals(200, linkback.get("/admin/api/mentions", "Authorization", "Bearer " + ownerToken).statusCode());
        assertTrue(page.getElementById("discovery").text().contains("<link rel=\"webmention\" href=\"http://linkback.test/webmention\">"));
        assertTrue(page.getElementById("widget").text().contains("<script src=\"http://linkback.test/widget.js\" async></script>"));
    }
}
