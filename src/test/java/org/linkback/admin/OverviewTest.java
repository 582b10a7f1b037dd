package org.linkback.admin;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.linkback.testing.Await;
import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The last days at a glance: pings per day by outcome, top hosts, spam share, the queue, refusals by cause. */
class OverviewTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH = "Bearer " + TestLinkback.Settings.ADMIN_TOKEN;

    @Test
    void todaysPingsAreCountedByOutcomeAndRefusalsByCause() throws Exception {
        try (PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(TestLinkback.Settings.forSite(blogs.url("/blog/")))) {
            blogs.html("/blog/post", "<title>Post</title>");
            PingbackClient client = new PingbackClient(linkback.url("/xmlrpc"));
            for (String path : new String[] {"/one", "/two"}) {
                blogs.html(path, "<a href=\"" + blogs.url("/blog/post") + "\">x</a>");
                client.ping(blogs.url(path), blogs.url("/blog/post"));
            }
            blogs.html("/no-link", "<p>nothing here</p>");
            client.faultOf(blogs.url("/no-link"), blogs.url("/blog/post"));
            client.faultOf(blogs.url("/one"), "https://elsewhere.example/post");

            // refusals reach the audit log in batches
            Await.until(Duration.ofSeconds(15), () -> overview(linkback).path("perDay").path(29).path("refused").asInt() >= 2,
                        "both refusals in the overview");
            JsonNode overview = overview(linkback);

            assertEquals(30, overview.path("perDay").size());
            JsonNode today = overview.path("perDay").path(29);
            assertEquals(LocalDate.now(ZoneOffset.UTC).toString(), today.path("date").asText());
            assertEquals(2, today.path("accepted").asInt());
            assertEquals(0, today.path("spam").asInt());
            assertEquals(2, today.path("refused").asInt());
            assertEquals(1, overview.path("refusedByCause").path("no-link").asInt());
            assertEquals(1, overview.path("refusedByCause").path("target-not-supported").asInt());
            assertEquals("127.0.0.1", overview.path("topSourceHosts").path(0).path("host").asText());
            assertEquals(2, overview.path("topSourceHosts").path(0).path("backlinks").asInt());
            assertEquals(0.0, overview.path("spamShare").asDouble());
            assertEquals(0, overview.path("queue").path("depth").asInt());

            JsonNode site = JSON.readTree(linkback.get("/admin/api/overview?site=test", "Authorization", AUTH).body());
            assertEquals(1, site.path("perDay").path(29).path("refused").asInt(), "a target outside the site is not the site's");
            assertEquals(2, site.path("perDay").path(29).path("accepted").asInt());
            assertEquals(7, JSON.readTree(linkback.get("/admin/api/overview?days=7", "Authorization", AUTH).body()).path("perDay").size());
            assertEquals(404, linkback.get("/admin/api/overview?site=nope", "Authorization", AUTH).statusCode());
            assertEquals(400, linkback.get("/admin/api/overview?days=0", "Authorization", AUTH).statusCode());
            assertEquals(401, linkback.get("/admin/api/overview").statusCode());
        }
    }

    private static JsonNode overview(TestLinkback linkback) throws java.io.IOException {
        return JSON.readTree(linkback.get("/admin/api/overview", "Authorization", AUTH).body());
    }
}
