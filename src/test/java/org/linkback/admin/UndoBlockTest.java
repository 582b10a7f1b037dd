package org.linkback.admin;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A block can be undone: what it marked spam is restored, what a moderator marked spam by hand is not; both audited. */
class UndoBlockTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH = "Bearer " + TestLinkback.Settings.ADMIN_TOKEN;

    @Test
    void unblockingWithRestoreGivesBackOnlyWhatTheBlockMarkedSpam() throws Exception {
        try (PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(TestLinkback.Settings.forSite(blogs.url("/blog/")))) {
            pingFromLocalhost(blogs, linkback, "/a", "/b", "/by-hand");
            Map<String, Long> ids = ids(linkback);
            long byHand = ids.get("http://localhost:" + blogs.port() + "/by-hand");
            assertEquals(200, post(linkback, "/admin/api/mentions/" + byHand + "/status", "{\"status\":\"spam\"}").statusCode());

            assertEquals(2, JSON.readTree(post(linkback, "/admin/api/blocklist", "{\"pattern\":\"localhost\"}").body())
                    .path("markedSpam").asInt(), "the two that were not spam yet");
            assertEquals(2, JSON.readTree(get(linkback, "/admin/api/blocklist/localhost/restorable").body()).path("restorable").asInt());

            HttpResponse<String> undone = linkback.request("DELETE", "/admin/api/blocklist/localhost?restore=true", null, null,
                                                           "Authorization", AUTH);
            assertEquals(200, undone.statusCode(), undone.body());
            assertEquals(2, JSON.readTree(undone.body()).path("restored").asInt());

            Map<String, String> statuses = statuses(linkback);
            assertEquals("approved", statuses.get("http://localhost:" + blogs.port() + "/a"));
            assertEquals("approved", statuses.get("http://localhost:" + blogs.port() + "/b"));
            assertEquals("spam", statuses.get("http://localhost:" + blogs.port() + "/by-hand"), "a moderator's own spam stays spam");
            String audit = get(linkback, "/admin/api/audit?limit=50").body();
            assertTrue(audit.contains("unblocked localhost: restored"), "each restore is audited");
            assertTrue(audit.contains("localhost (2 backlinks restored)"), "and the unblock itself");
            assertEquals(404, linkback.request("DELETE", "/admin/api/blocklist/localhost?restore=true", null, null,
                                               "Authorization", AUTH).statusCode());
        }
    }

    @Test
    void unblockingWithoutRestoreLeavesTheSpamAndABacklinkAModeratorChangedSinceIsLeftAlone() throws Exception {
        try (PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(TestLinkback.Settings.forSite(blogs.url("/blog/")))) {
            pingFromLocalhost(blogs, linkback, "/c", "/d");
            post(linkback, "/admin/api/blocklist", "{\"pattern\":\"localhost\"}");
            long d = ids(linkback).get("http://localhost:" + blogs.port() + "/d");
            post(linkback, "/admin/api/mentions/" + d + "/status", "{\"status\":\"approved\"}");
            post(linkback, "/admin/api/mentions/" + d + "/status", "{\"status\":\"spam\"}"); // judged again, by hand

            assertEquals(1, JSON.readTree(get(linkback, "/admin/api/blocklist/localhost/restorable").body()).path("restorable").asInt());
            assertEquals(204, linkback.request("DELETE", "/admin/api/blocklist/localhost", null, null, "Authorization", AUTH).statusCode());
            assertEquals("spam", statuses(linkback).get("http://localhost:" + blogs.port() + "/c"), "without restore: still spam");
        }
    }

    /** Pingbacks to /blog/post from these pages, named on the host "localhost" (the one the tests block). */
    private static void pingFromLocalhost(PageServer blogs, TestLinkback linkback, String... paths) throws Exception {
        blogs.html("/blog/post", "<title>Post</title>");
        PingbackClient client = new PingbackClient(linkback.url("/xmlrpc"));
        for (String path : paths) {
            blogs.html(path, "<title>" + path + "</title><a href=\"" + blogs.url("/blog/post") + "\">x</a>");
            client.ping("http://localhost:" + blogs.port() + path, blogs.url("/blog/post"));
        }
    }

    private static Map<String, Long> ids(TestLinkback linkback) throws Exception {
        Map<String, Long> ids = new HashMap<>();
        for (JsonNode item : JSON.readTree(get(linkback, "/admin/api/mentions?status=&limit=500").body()).path("items")) {
            ids.put(item.path("source").asText(), item.path("id").asLong());
        }
        return ids;
    }

    private static Map<String, String> statuses(TestLinkback linkback) throws Exception {
        Map<String, String> statuses = new HashMap<>();
        for (JsonNode item : JSON.readTree(get(linkback, "/admin/api/mentions?status=&limit=500").body()).path("items")) {
            statuses.put(item.path("source").asText(), item.path("status").asText());
        }
        return statuses;
    }

    private static HttpResponse<String> get(TestLinkback linkback, String path) {
        return linkback.get(path, "Authorization", AUTH);
    }

    private static HttpResponse<String> post(TestLinkback linkback, String path, String json) {
        return linkback.post(path, "application/json", json.getBytes(StandardCharsets.UTF_8), "Authorization", AUTH);
    }
}
