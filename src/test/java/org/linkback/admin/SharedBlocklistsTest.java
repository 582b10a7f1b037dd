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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shared blocklist is followed with one request: its hosts are refused and their backlinks
 * become spam; a host that leaves it gets its backlinks back; a list that turns into an error
 * page or junk changes nothing and says why.
 */
class SharedBlocklistsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH = "Bearer " + TestLinkback.Settings.ADMIN_TOKEN;

    @Test
    void aFollowedListBlocksItsHostsAndAHostLeavingItGetsItsBacklinksBack() throws Exception {
        try (PageServer blogs = new PageServer(); PageServer lists = new PageServer();
             TestLinkback linkback = TestLinkback.start(TestLinkback.Settings.forSite(blogs.url("/blog/")))) {
            blogs.html("/blog/post", "<title>Post</title>");
            PingbackClient pingback = new PingbackClient(linkback.url("/xmlrpc"));
            blogs.html("/ad", "<title>An ad</title><a href=\"" + blogs.url("/blog/post") + "\">x</a>");
            pingback.ping("http://localhost:" + blogs.port() + "/ad", blogs.url("/blog/post"));
            assertEquals("approved", statuses(linkback).get("http://localhost:" + blogs.port() + "/ad"));

            list(lists, "# spam hosts, a community's list\nlocalhost   # seen advertising\n0.0.0.0 casino.example\n*.payday.example\n");
            HttpResponse<String> followed = post(linkback, "/admin/api/blocklist/subscriptions",
                                                 "{\"url\":\"" + lists.url("/hosts.txt") + "\"}");
            assertEquals(201, followed.statusCode(), followed.body());
            JsonNode list = JSON.readTree(followed.body());
            assertEquals(3, list.path("hosts").asInt());
            assertTrue(list.path("lastError").isNull());
            long id = list.path("id").asLong();

            assertEquals("spam", statuses(linkback).get("http://localhost:" + blogs.port() + "/ad"), "its backlinks became spam");
            blogs.html("/ad2", "<title>Another ad</title><a href=\"" + blogs.url("/blog/post") + "\">x</a>");
            assertEquals(49, pingback.faultOf("http://localhost:" + blogs.port() + "/ad2", blogs.url("/blog/post")), "and it is refused");
            String audit = linkback.get("/admin/api/audit?limit=50", "Authorization", AUTH).body();
            assertTrue(audit.contains("\"actor\":\"list:" + id + "\""), "audited with the list as the actor: " + audit);

            // the list turns into an error page, then into junk larger than a fetch may read: nothing changes
            lists.page("/hosts.txt", new PageServer.Page(200, "text/html", "<!doctype html><h1>Oops</h1>".getBytes(StandardCharsets.UTF_8),
                                                         0, null));
            JsonNode broken = JSON.readTree(post(linkback, "/admin/api/blocklist/subscriptions/" + id + "/refresh", "").body());
            assertNotNull(broken.path("lastError").textValue(), broken.toString());
            assertEquals(3, broken.path("hosts").asInt(), "the last good copy stays");
            lists.page("/hosts.txt", new PageServer.Page(200, "text/plain", "junk.example\n".repeat(300_000).getBytes(StandardCharsets.UTF_8),
                                                         0, null));
            JsonNode huge = JSON.readTree(post(linkback, "/admin/api/blocklist/subscriptions/" + id + "/refresh", "").body());
            assertTrue(huge.path("lastError").asText().contains("larger"), huge.toString());
            assertEquals("spam", statuses(linkback).get("http://localhost:" + blogs.port() + "/ad"));

            // localhost leaves the list: what the list marked spam is restored
            list(lists, "casino.example\n*.payday.example\n");
            JsonNode fixed = JSON.readTree(post(linkback, "/admin/api/blocklist/subscriptions/" + id + "/refresh", "").body());
            assertNull(fixed.path("lastError").textValue(), fixed.toString());
            assertEquals(2, fixed.path("hosts").asInt());
            assertEquals("approved", statuses(linkback).get("http://localhost:" + blogs.port() + "/ad"), "restored when it left the list");

            assertEquals(204, linkback.request("DELETE", "/admin/api/blocklist/subscriptions/" + id, null, null, "Authorization", AUTH)
                    .statusCode());
            assertEquals(0, JSON.readTree(linkback.get("/admin/api/blocklist/subscriptions", "Authorization", AUTH).body())
                    .path("items").size());
            assertEquals(400, post(linkback, "/admin/api/blocklist/subscriptions", "{\"url\":\"ftp://x\"}").statusCode());
        }
    }

    @Test
    void aHostLeavingOneListStaysBlockedWhileAnotherListsIt() throws Exception {
        try (PageServer blogs = new PageServer(); PageServer lists = new PageServer();
             TestLinkback linkback = TestLinkback.start(TestLinkback.Settings.forSite(blogs.url("/blog/")))) {
            blogs.html("/blog/post", "<title>Post</title>");
            blogs.html("/ad", "<title>An ad</title><a href=\"" + blogs.url("/blog/post") + "\">x</a>");
            new PingbackClient(linkback.url("/xmlrpc")).ping("http://localhost:" + blogs.port() + "/ad", blogs.url("/blog/post"));
            lists.page("/a.txt", new PageServer.Page(200, "text/plain", "localhost\n".getBytes(StandardCharsets.UTF_8), 0, null));
            lists.page("/b.txt", new PageServer.Page(200, "text/plain", "*.localhost\n".getBytes(StandardCharsets.UTF_8), 0, null));
            long first = JSON.readTree(post(linkback, "/admin/api/blocklist/subscriptions", "{\"url\":\"" + lists.url("/a.txt") + "\"}")
                                               .body()).path("id").asLong();
            assertEquals(201, post(linkback, "/admin/api/blocklist/subscriptions", "{\"url\":\"" + lists.url("/b.txt") + "\"}").statusCode());
            assertEquals("spam", statuses(linkback).get("http://localhost:" + blogs.port() + "/ad"));
            assertEquals(204, linkback.request("DELETE", "/admin/api/blocklist/subscriptions/" + first, null, null, "Authorization", AUTH)
                    .statusCode());
            assertEquals("spam", statuses(linkback).get("http://localhost:" + blogs.port() + "/ad"), "the other list still blocks it");
        }
    }

    private static void list(PageServer lists, String text) {
        lists.page("/hosts.txt", new PageServer.Page(200, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), 0, null));
    }

    private static HttpResponse<String> post(TestLinkback linkback, String path, String json) {
        return linkback.post(path, "application/json", json.getBytes(StandardCharsets.UTF_8), "Authorization", AUTH);
    }

    private static Map<String, String> statuses(TestLinkback linkback) throws Exception {
        Map<String, String> statuses = new HashMap<>();
        for (JsonNode item : JSON.readTree(linkback.get("/admin/api/mentions?limit=500", "Authorization", AUTH).body()).path("items")) {
            statuses.put(item.path("source").asText(), item.path("status").asText());
        }
        return statuses;
    }
}
