package org.linkback.admin;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.linkback.backlink.Assessment;
import org.linkback.backlink.Backlink;
import org.linkback.backlink.BacklinkState;
import org.linkback.backlink.Backlinks;
import org.linkback.backlink.CheckState;
import org.linkback.backlink.Kind;
import org.linkback.backlink.ModerationStatus;
import org.linkback.store.Database;
import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.ServedBlogTest;
import org.linkback.testing.TestBacklinks;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The moderation API, with the admin token, against a real server.
 */
class AdminApiTest extends ServedBlogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH = "Bearer " + TestLinkback.Settings.ADMIN_TOKEN;

    private static PingbackClient client;
    private static int pages;

    @BeforeAll
    static void start() {
        blogs.html("/blog/post", "<html><head><title>Walking in the hills</title></head><body>article</body></html>");
        blogs.html("/blog/other", "<html><head><title>Another article</title></head><body>article</body></html>");
        client = new PingbackClient(linkback.url("/xmlrpc"));
    }

    /** A new pingback to target from a fresh page on host (127.0.0.1, or "localhost" for a spammer); returns its source URL. */
    private static String backlink(String host, String target) throws XmlRpcException {
        String path = "/reply/" + (++pages);
        blogs.html(path, "<html><head><title>Reply " + pages + " | Hill Blog</title></head><body><p>Walking in the hills: "
                         + "<a href=\"" + target + "\">read this</a>.</p></body></html>");
        String source = "http://" + host + ":" + blogs.port() + path;
        client.ping(source, target);
        return source;
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = linkback.get(path, "Authorization", AUTH);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(String method, String path, String json) {
        return linkback.request(method, path, "application/json", json == null ? null : json.getBytes(StandardCharsets.UTF_8),
                                "Authorization", AUTH);
    }

    private static long idOf(String source) throws Exception {
        for (JsonNode item : get("/admin/api/mentions?limit=500").path("items")) {
            if (item.path("source").asText().equals(source)) {
                return item.path("id").asLong();
            }
        }
        throw new AssertionError("no backlink from " + source);
    }

    private static String feed(String target) {
        return linkback.get("/backlinks.json?target=" + URLEncoder.encode(target, StandardCharsets.UTF_8)).body();
    }

    @Test
    void backlinksShowTheirTypeAndAuthorAndFilterByType() throws Exception {
        String like = "/likes/" + (++pages);
        blogs.html(like, "<div class=\"h-entry\"><a class=\"u-like-of\" href=\"" + blogs.url("/blog/other") + "\">liked</a>"
                         + "<a class=\"p-author h-card\" href=\"https://dana.example/\">Dana</a></div>");
        client.ping(blogs.url(like), blogs.url("/blog/other"));

        JsonNode likes = get("/admin/api/mentions?status=&type=like").path("items");
        assertEquals(1, likes.size());
        assertEquals("like", likes.get(0).path("type").asText());
        assertEquals("Dana", likes.get(0).path("authorName").asText());
        assertEquals("https://dana.example/", likes.get(0).path("authorUrl").asText());
        for (JsonNode item : get("/admin/api/mentions?status=&type=mention&limit=500").path("items")) {
            assertEquals("mention", item.path("type").asText());
        }
        assertEquals(400, linkback.get("/admin/api/mentions?type=applause", "Authorization", AUTH).statusCode());
    }

    @Test
    void wrongTokensFromOneAddressAreLimitedLikeSignInAttempts() throws Exception {
        try (PageServer other = new PageServer();
             TestLinkback guessed = TestLinkback.start(TestLinkback.Settings.forSite(other.url("/blog/")))) {
            List<Integer> answers = new ArrayList<>();
            for (int guess = 0; guess < 11; guess++) {
                answers.add(guessed.get("/admin/api/mentions", "Authorization", "Bearer guess-" + guess).statusCode());
            }
            assertEquals(java.util.Collections.nCopies(10, 401), answers.subList(0, 10), "ten guesses a minute are answered");
            HttpResponse<String> eleventh = guessed.get("/admin/api/mentions", "Authorization", "Bearer guess-11");
            assertEquals(429, eleventh.statusCode());
            assertTrue(eleventh.headers().firstValue("Retry-After").isPresent());
            assertEquals(200, guessed.get("/admin/api/mentions", "Authorization", AUTH).statusCode(), "the right token still works");
        }
    }

    @Test
    void withoutTheTokenEverythingIs401() {
        for (String path : List.of("/admin/api/mentions", "/admin/api/blocklist", "/admin/api/audit")) {
            assertEquals(401, linkback.get(path).statusCode(), path);
            assertEquals(401, linkback.get(path, "Authorization", "Bearer wrong").statusCode(), path);
            assertEquals(401, linkback.get(path, "Authorization", "Basic " + TestLinkback.Settings.ADMIN_TOKEN).statusCode(), path);
        }
        assertEquals(401, linkback.request("POST", "/admin/api/blocklist", "application/json",
                                           "{\"pattern\":\"x.example\"}".getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(401, linkback.request("DELETE", "/admin/api/mentions/1", null, null).statusCode());
    }

    @Test
    void theListHasTheContractFieldsAndFilters() throws Exception {
        String source = backlink("127.0.0.1", blogs.url("/blog/other"));

        JsonNode item = get("/admin/api/mentions?source-host=127.0.0.1&target=" + URLEncoder.encode(blogs.url("/blog/other"),
                                                                                                    StandardCharsets.UTF_8))
                .path("items").get(0);

        assertEquals(source, item.path("source").asText());
        for (String field : List.of("id", "source", "target", "kind", "status", "spamScore", "spamReasons", "title", "excerpt",
                                    "author", "receivedAt", "verifiedAt", "clientIp")) {
            assertTrue(item.has(field), field + " in " + item);
        }
        assertEquals("pingback", item.path("kind").asText());
        assertEquals("approved", item.path("status").asText());
        assertEquals("127.0.0.1", item.path("clientIp").asText());
        assertTrue(item.path("spamReasons").isArray());
        assertTrue(get("/admin/api/mentions?status=approved&site=test").path("items").findValuesAsText("source").contains(source));
        assertFalse(get("/admin/api/mentions?status=spam").path("items").findValuesAsText("source").contains(source));
        assertFalse(get("/admin/api/mentions?source-host=elsewhere.example").path("items").findValuesAsText("source").contains(source));
        assertEquals(0, get("/admin/api/mentions?site=nope").path("items").size());
        assertEquals(400, linkback.get("/admin/api/mentions?status=bogus", "Authorization", AUTH).statusCode());
    }

    @Test
    void pagesFollowTheCursorAndStayStableWhenNewBacklinksArrive() throws Exception {
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sources.add(backlink("127.0.0.1", blogs.url("/blog/post")));
        }
        String target = URLEncoder.encode(blogs.url("/blog/post"), StandardCharsets.UTF_8);
        JsonNode first = get("/admin/api/mentions?limit=2&target=" + target);
        assertEquals(2, first.path("items").size());
        String cursor = first.path("nextCursor").asText();

        backlink("127.0.0.1", blogs.url("/blog/post")); // arrives while the admin pages through

        List<String> seen = new ArrayList<>(first.path("items").findValuesAsText("source"));
        while (!cursor.isEmpty() && !cursor.equals("null")) {
            JsonNode page = get("/admin/api/mentions?limit=2&target=" + target + "&cursor=" + cursor);
            seen.addAll(page.path("items").findValuesAsText("source"));
            cursor = page.path("nextCursor").isNull() ? "" : page.path("nextCursor").asText();
        }
        assertTrue(seen.containsAll(sources), seen.toString());
        assertEquals(seen.size(), seen.stream().distinct().count(), "no backlink twice: " + seen);
    }

    @Test
    void markingSpamTakesABacklinkOutOfTheFeedAndIsAudited() throws Exception {
        String target = blogs.url("/blog/post");
        String source = backlink("127.0.0.1", target);
        long id = idOf(source);
        assertTrue(feed(target).contains(source));

        HttpResponse<String> response = send("POST", "/admin/api/mentions/" + id + "/status", "{\"status\":\"spam\"}");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("spam", JSON.readTree(response.body()).path("status").asText());
        assertFalse(feed(target).contains(source));
        JsonNode audit = get("/admin/api/audit?mention=" + id).path("items");
        assertEquals("status.changed", audit.get(0).path("action").asText());
        assertEquals("approved", audit.get(0).path("oldStatus").asText());
        assertEquals("spam", audit.get(0).path("newStatus").asText());
        assertEquals("admin", audit.get(0).path("actor").asText());
        assertEquals("ping.accepted", audit.get(1).path("action").asText());

        assertEquals(400, send("POST", "/admin/api/mentions/" + id + "/status", "{\"status\":\"eaten\"}").statusCode());
        assertEquals(400, send("POST", "/admin/api/mentions/" + id + "/status", "not json").statusCode());
        assertEquals(404, send("POST", "/admin/api/mentions/999999/status", "{\"status\":\"spam\"}").statusCode());
    }

    @Test
    void aModeratorsVerdictSticksWhenTheSameLinkIsPingedAgain() throws Exception {
        String target = blogs.url("/blog/post");
        String deleted = backlink("127.0.0.1", target);
        String spam = backlink("127.0.0.1", target);
        send("POST", "/admin/api/mentions/" + idOf(deleted) + "/status", "{\"status\":\"deleted\"}");
        send("POST", "/admin/api/mentions/" + idOf(spam) + "/status", "{\"status\":\"spam\"}");

        assertEquals(48, client.faultOf(deleted, target));
        HttpResponse<String> webmention = linkback.postForm("/webmention", "application/x-www-form-urlencoded",
                                                            "source=" + URLEncoder.encode(spam, StandardCharsets.UTF_8)
                                                            + "&target=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
        assertEquals(202, webmention.statusCode());
        long spamId = idOf(spam);
        for (int i = 0; i < 200 && get("/admin/api/audit?action=check.accepted&mention=" + spamId).path("items").isEmpty(); i++) {
            Thread.sleep(50); // until the background re-check has recorded its result
        }
        assertFalse(get("/admin/api/audit?action=check.accepted&mention=" + spamId).path("items").isEmpty());

        assertEquals("deleted", get("/admin/api/mentions?limit=500").path("items").findParents("source").stream()
                .filter(item -> item.path("source").asText().equals(deleted)).findFirst().orElseThrow().path("status").asText());
        assertEquals("spam", get("/admin/api/mentions?limit=500").path("items").findParents("source").stream()
                .filter(item -> item.path("source").asText().equals(spam)).findFirst().orElseThrow().path("status").asText());
        assertFalse(feed(target).contains(deleted));
        assertFalse(feed(target).contains(spam));
    }

    @Test
    void bulkStatusChangesMany() throws Exception {
        String target = blogs.url("/blog/post");
        long a = idOf(backlink("127.0.0.1", target));
        long b = idOf(backlink("127.0.0.1", target));

        HttpResponse<String> response = send("POST", "/admin/api/mentions/status", "{\"ids\":[" + a + "," + b + ",999999],\"status\":\"rejected\"}");

        assertEquals(2, JSON.readTree(response.body()).path("updated").asInt());
        List<String> rejected = get("/admin/api/mentions?status=rejected&limit=500").path("items").findValuesAsText("id");
        assertTrue(rejected.containsAll(List.of(String.valueOf(a), String.valueOf(b))), rejected.toString());
        assertEquals(400, send("POST", "/admin/api/mentions/status", "{\"status\":\"rejected\"}").statusCode());
    }

    @Test
    void deleteRemovesABacklink() throws Exception {
        String target = blogs.url("/blog/post");
        String source = backlink("127.0.0.1", target);
        long id = idOf(source);

        assertEquals(204, send("DELETE", "/admin/api/mentions/" + id, null).statusCode());

        assertFalse(feed(target).contains(source));
        assertEquals(404, send("DELETE", "/admin/api/mentions/" + id, null).statusCode());
        assertEquals("mention.deleted", get("/admin/api/audit?mention=" + id).path("items").get(0).path("action").asText());
        // Forgotten, not banned: the same link pinged again is a new backlink (use the blocklist to ban).
        assertTrue(client.ping(source, target).contains("registered"));
    }

    @Test
    void blockingAHostMarksItsBacklinksSpamAndRefusesItsPings() throws Exception {
        String target = blogs.url("/blog/post");
        blogs.html("/blog/wave", "<p>wave target</p>");
        String old = backlink("localhost", target); // "localhost" plays the spammer's host, 127.0.0.1 everyone else
        String otherHost = backlink("127.0.0.1", target);
        assertTrue(feed(target).contains(old));

        HttpResponse<String> blocked = send("POST", "/admin/api/blocklist", "{\"pattern\":\"localhost\"}");

        assertEquals(201, blocked.statusCode(), blocked.body());
        assertEquals(1, JSON.readTree(blocked.body()).path("markedSpam").asInt());
        assertFalse(feed(target).contains(old));
        assertTrue(feed(target).contains(otherHost));
        // New pings from the host are refused before any fetch, by every protocol.
        int before = blogs.requests().size();
        String next = "http://localhost:" + blogs.port() + "/reply/next";
        assertEquals(49, client.faultOf(next, target));
        HttpResponse<String> trackback = linkback.postForm("/trackback?target=" + URLEncoder.encode(target, StandardCharsets.UTF_8),
                                                           "application/x-www-form-urlencoded",
                                                           "url=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        assertTrue(trackback.body().contains("<error>1</error>") && trackback.body().contains("blocked"), trackback.body());
        HttpResponse<String> webmention = linkback.postForm("/webmention", "application/x-www-form-urlencoded",
                                                            "source=" + URLEncoder.encode(next, StandardCharsets.UTF_8)
                                                            + "&target=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
        assertEquals(400, webmention.statusCode());
        assertEquals(before, blogs.requests().size(), "no fetch for a blocked host");
        assertTrue(get("/admin/api/blocklist").path("items").findValuesAsText("pattern").contains("localhost"));
        assertEquals("ping.refused", get("/admin/api/audit?action=ping.refused").path("items").get(0).path("action").asText());

        // Undo: unblocking does not republish; approving does.
        assertEquals(204, send("DELETE", "/admin/api/blocklist/localhost", null).statusCode());
        assertFalse(feed(target).contains(old));
        send("POST", "/admin/api/mentions/status", "{\"ids\":[" + idOf(old) + "],\"status\":\"approved\"}");
        assertTrue(feed(target).contains(old));
        assertEquals(404, send("DELETE", "/admin/api/blocklist/localhost", null).statusCode());
        assertEquals(400, send("POST", "/admin/api/blocklist", "{\"pattern\":\"http://x/\"}").statusCode());
    }

    @Test
    void csvExportsTheCurrentFilter() throws Exception {
        String source = backlink("127.0.0.1", blogs.url("/blog/post"));
        HttpResponse<String> csv = linkback.get("/admin/api/mentions?format=csv&source-host=127.0.0.1", "Authorization", AUTH);

        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        List<String> lines = csv.body().lines().toList();
        assertTrue(lines.getFirst().startsWith("id,source,target,kind,status,spamScore"), lines.getFirst());
        assertTrue(csv.body().contains(source));
        assertTrue(lines.stream().skip(1).noneMatch(line -> line.contains("localhost")), "filtered by host");
    }

    @Test
    void aLargeCsvExportStreamsEveryPage() throws Exception {
        int rows = 1_234; // more than two pages of the admin list
        try (Database database = linkback.openDatabase()) {
            List<Backlinks.Loaded> many = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                many.add(new Backlinks.Loaded(
                        Kind.WEBMENTION, "https://bulk.example/" + i, blogs.url("/blog/post"), "test",
                        new BacklinkState(ModerationStatus.APPROVED, CheckState.VERIFIED), new Backlink.Details("Bulk " + i, null, null),
                        Assessment.CLEAN, "192.0.2.1", java.time.Instant.now().minusSeconds(i)));
            }
            database.useTransaction(h -> TestBacklinks.on(database).loaded(h, many));
        }
        HttpResponse<String> csv = linkback.get("/admin/api/mentions?format=csv&source-host=bulk.example", "Authorization", AUTH);

        assertEquals(200, csv.statusCode());
        List<String> lines = csv.body().lines().toList();
        assertEquals(rows + 1, lines.size(), "a header and every row, across pages");
        assertEquals(rows, lines.stream().skip(1).map(line -> line.split(",")[0]).distinct().count(), "no row twice");
    }

    @Test
    void everyPingIsInTheAuditLog() throws Exception {
        String source = backlink("127.0.0.1", blogs.url("/blog/post"));
        client.faultOf(source, "http://elsewhere.example/");
        JsonNode items = get("/admin/api/audit?limit=2").path("items");
        assertEquals("ping.refused", items.get(0).path("action").asText());
        assertEquals("http://elsewhere.example/", items.get(0).path("target").asText());
        assertTrue(items.get(0).path("detail").asText().contains("TARGET_NOT_SUPPORTED"));
        assertEquals("ping.accepted", items.get(1).path("action").asText());
        assertNotEquals("", items.get(1).path("at").asText());
    }

    @Test
    void theAdminIsOffWithoutAToken() {
        try (PageServer other = new PageServer();
             TestLinkback off = TestLinkback.start(TestLinkback.Settings.forSite(other.url("/blog/")).adminToken(""))) {
            assertEquals(404, off.get("/admin/api/mentions", "Authorization", "Bearer ").statusCode());
            assertEquals(404, off.get("/admin/").statusCode());
        }
    }
}
