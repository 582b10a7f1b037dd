package org.linkback.activitypub;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A move keeps the followers: export --all carries each site's key and followers, and an import restores both. */
class ActorMoveTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH = "Bearer " + TestLinkback.Settings.ADMIN_TOKEN;

    @Test
    void theKeyAndTheFollowersMoveWithTheSite() throws IOException {
        try (PageServer blog = new PageServer(); SignedActor grace = SignedActor.on("127.0.0.1", "grace")) {
            blog.html("/blog/post", "<p>A post.</p>");
            TestLinkback.Settings settings = TestLinkback.Settings.forSite(blog.url("/blog/"));
            String key;
            String export;
            try (TestLinkback old = TestLinkback.start(settings)) {
                key = actor(old).path("publicKey").path("publicKeyPem").asText();
                assertEquals(202, grace.post(old, "/ap/inbox", grace.activity("Follow", "http://linkback.test/ap/actors/test")).statusCode());
                export = old.get("/admin/api/transfer/export?all=true", "Authorization", AUTH).body();
            }
            assertTrue(export.contains("\"type\":\"fediverse-actor\""), export);
            assertTrue(export.contains("\"type\":\"fediverse-follower\""), export);
            try (TestLinkback moved = TestLinkback.start(settings)) {
                assertEquals(200, moved.post("/admin/api/transfer/import", "application/x-ndjson", SignedActor.utf8(export),
                                             "Authorization", AUTH).statusCode());
                assertEquals(key, actor(moved).path("publicKey").path("publicKeyPem").asText(), "the same key: followers' servers trust it");
                assertEquals(1, JSON.readTree(moved.get("/ap/actors/test/followers", "Accept", "application/activity+json").body())
                        .path("totalItems").asInt(), "the same followers");
            }
        }
    }

    private static JsonNode actor(TestLinkback linkback) throws IOException {
        return JSON.readTree(linkback.get("/ap/actors/test", "Accept", "application/activity+json").body());
    }
}
