package org.linkback.admin;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two blogs on one server, each with its owner: an owner token sees and moderates its own site
 * and nothing of the other's, through every admin resource; another site's ids are 404, the
 * admin's own resources 403.
 */
class SiteOwnersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = TestLinkback.Settings.ADMIN_TOKEN;

    private static PageServer alice;
    private static PageServer bob;
    private static PageServer sources;
    private static TestLinkback linkback;
    private static PingbackClient pingback;
    private static String aliceToken;
    private static String bobToken;
    private static long aliceBacklink;
    private static long bobBacklink;

    @BeforeAll
    static void start() throws Exception {
        alice = new PageServer();
        bob = PageServer.on("127.0.0.2");
        sources = PageServer.on("127.0.0.3");
        // a webhook for every site (nothing listens on its port: its deliveries are recorded all the same)
        linkback = TestLinkback.start(TestLinkback.yaml(TestLinkback.Settings.forSite("http://configured.example/"))
                                              .replace("  admin:\n", "  webhooks:\n    - url: http://127.0.0.1:9/hook\n"
                                                                     + "      secret: whsec_MDEyMzQ1Njc4OWFiY2RlZg==\n  admin:\n"));
        pingback = new PingbackClient(linkback.url("/xmlrpc"));
        alice.html("/post", "<title>Alice's post</title><p>article</p>");
        bob.html("/post", "<title>Bob's post</title><p>article</p>");

        assertEquals(201, api(ADMIN, "POST", "/admin/api/sites", "{\"name\":\"alice\",\"baseUrl\":\"" + alice.url("/") + "\",\"title\":\"Alice\"}")
                .statusCode());
        assertEquals(201, api(ADMIN, "POST", "/admin/api/sites", "{\"name\":\"bob\",\"baseUrl\":\"" + bob.url("/") + "\",\"title\":\"Bob\"}")
                .statusCode());
        aliceToken = token("alice", "Alice");
        bobToken = token("bob", "Bob");
        aliceBacklink = ping("/to-alice", alice.url("/post"));
        bobBacklink = ping("/to-bob", bob.url("/post"));
    }

    @AfterAll
    static void stop() {
        linkback.close();
        alice.close();
        bob.close();
        sources.close();
    }

    private static HttpResponse<String> api(String token, String method, String path, String body) {
        return linkback.request(method, path, "application/json", body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8),
                                "Authorization", "Bearer " + token);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static String token(String site, String label) throws Exception {
        HttpResponse<String> created = api(ADMIN, "POST", "/admin/api/sites/" + site + "/tokens", "{\"label\":\"" + label + "\"}");
        assertEquals(201, created.statusCode(), created.body());
        return json(created).path("token").asText();
    }

    /** A source page linking to the target, pinged; returns the stored backlink's id. */
    private static long ping(String path, String target) throws Exception {
        sources.html(path, "<title>A reply</title><p>As <a href=\"" + target + "\">this post</a> says.</p>");
        pingback.ping(sources.url(path), target);
        for (JsonNode item : json(api(ADMIN, "GET", "/admin/api/mentions", null)).path("items")) {
            if (item.path("source").asText().equals(sources.url(path))) {
                return item.path("id").asLong();
            }
        }
        throw new AssertionError("not stored: " + path);
    }

    private static List<String> sourcesIn(JsonNode page) {
        List<String> found = new ArrayList<>();
        page.path("items").forEach(item -> found.add(item.path("source").asText()));
        return found;
    }

    @Test
    void eachOwnerSeesOnlyTheirOwnBacklinks() throws Exception {
        List<String> seenByAlice = sourcesIn(json(api(aliceToken, "GET", "/admin/api/mentions", null)));
        List<String> seenByBob = sourcesIn(json(api(bobToken, "GET", "/admin/api/mentions", null)));

        assertTrue(seenByAlice.contains(sources.url("/to-alice")), seenByAlice.toString());
        assertFalse(seenByAlice.contains(sources.url("/to-bob")), seenByAlice.toString());
        assertTrue(seenByBob.contains(sources.url("/to-bob")), seenByBob.toString());
        assertFalse(seenByBob.contains(sources.url("/to-alice")), seenByBob.toString());
        String csv = api(aliceToken, "GET", "/admin/api/mentions?format=csv", null).body();
        assertTrue(csv.contains(sources.url("/to-alice")) && !csv.contains(sources.url("/to-bob")), csv);
        assertEquals(404, api(aliceToken, "GET", "/admin/api/mentions?site=bob", null).statusCode());
    }

    @Test
    void anOwnerModeratesTheirOwnAndAnotherSitesIdsDoNotExist() throws Exception {
        HttpResponse<String> own = api(aliceToken, "POST", "/admin/api/mentions/" + aliceBacklink + "/status", "{\"status\":\"pending\"}");
        assertEquals(200, own.statusCode(), own.body());
        assertEquals("pending", json(own).path("status").asText());
        assertEquals(200, api(aliceToken, "POST", "/admin/api/mentions/" + aliceBacklink + "/status", "{\"status\":\"approved\"}").statusCode());

        assertEquals(404, api(aliceToken, "POST", "/admin/api/mentions/" + bobBacklink + "/status", "{\"status\":\"spam\"}").statusCode());
        assertEquals(404, api(aliceToken, "DELETE", "/admin/api/mentions/" + bobBacklink, null).statusCode());
        HttpResponse<String> bulk = api(aliceToken, "POST", "/admin/api/mentions/status",
                                        "{\"ids\":[" + aliceBacklink + "," + bobBacklink + "],\"status\":\"approved\"}");
        assertEquals(1, json(bulk).path("updated").asInt(), "only the owner's own backlink counts: " + bulk.body());
        assertEquals("approved", statusOf(bobBacklink), "Bob's backlink is untouched");

        JsonNode audit = json(api(aliceToken, "GET", "/admin/api/audit?limit=500", null));
        boolean actedAsAlice = false;
        for (JsonNode entry : audit.path("items")) {
            assertFalse(entry.toString().contains(sources.url("/to-bob")), "Alice's audit log shows nothing of Bob's: " + entry);
            actedAsAlice |= entry.path("action").asText().equals("status.changed") && entry.path("actor").asText().equals("Alice");
        }
        assertTrue(actedAsAlice, "the owner's change is audited with the token's label as the actor: " + audit);
        assertEquals(404, api(aliceToken, "GET", "/admin/api/audit?site=bob", null).statusCode());
    }

    private static String statusOf(long id) throws Exception {
        for (JsonNode item : json(api(ADMIN, "GET", "/admin/api/mentions?limit=500", null)).path("items")) {
            if (item.path("id").asLong() == id) {
                return item.path("status").asText();
            }
        }
        throw new AssertionError("no backlink " + id);
    }

    @Test
    void theOverviewOutboundAndWebhooksOfAnOwnerAreTheirSitesOnly() throws Exception {
        JsonNode overview = json(api(aliceToken, "GET", "/admin/api/overview", null));
        assertEquals("alice", overview.path("site").asText());
        assertEquals(List.of("alice"), JSON.convertValue(overview.path("sites"), List.class), "no other site is named");
        assertEquals(404, api(aliceToken, "GET", "/admin/api/overview?site=bob", null).statusCode());

        String bobsArticle = URLEncoder.encode(bob.url("/post"), StandardCharsets.UTF_8);
        assertEquals(404, api(aliceToken, "GET", "/admin/api/outbound?source=" + bobsArticle, null).statusCode());
        assertEquals(404, api(aliceToken, "POST", "/admin/api/send", "{\"source\":\"" + bob.url("/post") + "\"}").statusCode());
        String alicesArticle = URLEncoder.encode(alice.url("/post"), StandardCharsets.UTF_8);
        assertEquals(200, api(aliceToken, "GET", "/admin/api/outbound?source=" + alicesArticle, null).statusCode());

        int all = json(api(ADMIN, "GET", "/admin/api/webhooks/deliveries?limit=500", null)).path("items").size();
        int alices = json(api(aliceToken, "GET", "/admin/api/webhooks/deliveries?limit=500", null)).path("items").size();
        int bobs = json(api(bobToken, "GET", "/admin/api/webhooks/deliveries?limit=500", null)).path("items").size();
        assertTrue(alices > 0 && bobs > 0, "each owner sees the deliveries about their backlinks: " + alices + ", " + bobs);
        assertEquals(all, alices + bobs, "and none of the other's");
        assertEquals(alices, json(api(aliceToken, "POST", "/admin/api/webhooks/replay?since=0", null)).path("replayed").asInt(),
                     "a replay sends the owner's own again");
    }

    @Test
    void theAdminsOwnRequestsAreForbiddenToAnOwner() {
        assertEquals(403, api(aliceToken, "GET", "/admin/api/sites", null).statusCode());
        assertEquals(403, api(aliceToken, "POST", "/admin/api/sites", "{\"name\":\"mine\",\"baseUrl\":\"https://mine.example/\"}").statusCode());
        assertEquals(403, api(aliceToken, "DELETE", "/admin/api/sites/bob", null).statusCode());
        assertEquals(403, api(aliceToken, "POST", "/admin/api/sites/bob/tokens", "{\"label\":\"mine now\"}").statusCode());
        assertEquals(403, api(aliceToken, "GET", "/admin/api/sites/bob/tokens", null).statusCode());
        assertEquals(403, api(aliceToken, "GET", "/admin/api/transfer/export", null).statusCode());
        assertEquals(200, api(aliceToken, "GET", "/admin/api/sites/alice", null).statusCode(), "their own site they may read");
        assertEquals(200, api(aliceToken, "GET", "/admin/api/sites/alice/tokens", null).statusCode(), "and their own tokens");
    }

    @Test
    void anOwnersBlockRefusesPingsToTheirSiteOnly() throws Exception {
        PageServer spammer = PageServer.on("127.0.0.4");
        try {
            HttpResponse<String> blocked = api(bobToken, "POST", "/admin/api/blocklist", "{\"pattern\":\"127.0.0.4\"}");
            assertEquals(201, blocked.statusCode(), blocked.body());
            assertTrue(json(api(ADMIN, "GET", "/admin/api/blocklist", null)).path("items").isEmpty(), "the global list is unchanged");
            assertEquals(1, json(api(bobToken, "GET", "/admin/api/blocklist", null)).path("items").size());
            assertEquals(1, json(api(ADMIN, "GET", "/admin/api/blocklist?site=bob", null)).path("items").size(), "the admin sees it");
            assertEquals(404, api(aliceToken, "GET", "/admin/api/blocklist?site=bob", null).statusCode());

            spammer.html("/to-bob", "<p><a href=\"" + bob.url("/post") + "\">x</a></p>");
            spammer.html("/to-alice", "<p><a href=\"" + alice.url("/post") + "\">x</a></p>");
            assertEquals(49, pingback.faultOf(spammer.url("/to-bob"), bob.url("/post")), "refused for Bob's site");
            pingback.ping(spammer.url("/to-alice"), alice.url("/post")); // accepted for Alice's
            assertTrue(sourcesIn(json(api(aliceToken, "GET", "/admin/api/mentions", null))).contains(spammer.url("/to-alice")));
            assertEquals(404, api(aliceToken, "DELETE", "/admin/api/blocklist/127.0.0.4", null).statusCode(),
                         "Bob's entry is not on Alice's list");
        } finally {
            spammer.close();
        }
    }

    @Test
    void aRevokedTokenIsRefusedAtOnce() throws Exception {
        HttpResponse<String> created = api(ADMIN, "POST", "/admin/api/sites/alice/tokens", "{\"label\":\"laptop\"}");
        String token = json(created).path("token").asText();
        String id = json(created).path("id").asText();
        assertEquals(200, api(token, "GET", "/admin/api/mentions", null).statusCode());
        JsonNode listed = json(api(ADMIN, "GET", "/admin/api/sites/alice/tokens", null));
        assertTrue(listed.toString().contains("laptop") && !listed.toString().contains(token), "listed without its secret: " + listed);

        assertEquals(204, api(aliceToken, "DELETE", "/admin/api/sites/alice/tokens/" + id, null).statusCode());

        assertEquals(401, api(token, "GET", "/admin/api/mentions", null).statusCode());
        assertEquals(200, api(aliceToken, "GET", "/admin/api/mentions", null).statusCode(), "the other tokens still work");
    }
    @Test
    void anOwnerFollowsASharedListForTheirSiteOnly() throws Exception {
        sources.page("/lists/alice.txt", new PageServer.Page(200, "text/plain", "spam-for-alice.example\n".getBytes(), 0, null));
        HttpResponse<String> followed = api(aliceToken, "POST", "/admin/api/blocklist/subscriptions",
                                            "{\"url\":\"" + sources.url("/lists/alice.txt") + "\"}");
        assertEquals(201, followed.statusCode(), followed.body());
        assertEquals("alice", json(followed).path("site").asText(), "an owner's list is their site's");
        long id = json(followed).path("id").asLong();
        assertEquals(0, json(api(bobToken, "GET", "/admin/api/blocklist/subscriptions", null)).path("items").size(), "Bob does not see it");
        assertEquals(0, json(api(ADMIN, "GET", "/admin/api/blocklist/subscriptions", null)).path("items").size(), "nor is it global");
        assertEquals(404, api(bobToken, "DELETE", "/admin/api/blocklist/subscriptions/" + id, null).statusCode(), "nor can Bob drop it");
        assertEquals(204, api(aliceToken, "DELETE", "/admin/api/blocklist/subscriptions/" + id, null).statusCode());
    }
}
