package org.linkback.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.linkback.backlink.Assessment;
import org.linkback.backlink.Backlink;
import org.linkback.backlink.BacklinkState;
import org.linkback.backlink.Backlinks;
import org.linkback.backlink.CheckState;
import org.linkback.backlink.Kind;
import org.linkback.backlink.ModerationStatus;
import org.linkback.store.Database;
import org.linkback.testing.Await;
import org.linkback.testing.PageServer;
import org.linkback.testing.TestBacklinks;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A delivery that is given up says how often it was really tried and what the receiver last answered. */
class WebhookGiveUpTest {

    @Test
    void aGivenUpDeliveryShowsItsTrueAttemptsAndTheLastStatus() throws Exception {
        try (HookReceiver receiver = new HookReceiver(503);
             PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(receiver.configured(TestLinkback.yaml(TestLinkback.Settings.forSite(blogs.url("/blog/")))))) {
            String auth = "Bearer " + TestLinkback.Settings.ADMIN_TOKEN;
            ObjectMapper json = new ObjectMapper();
            try (Database database = linkback.openDatabase()) {
                database.useTransaction(h -> TestBacklinks.on(database).loaded(h, List.of(new Backlinks.Loaded(
                        Kind.PINGBACK, "https://public.example/a", blogs.url("/blog/post"), "test",
                        new BacklinkState(ModerationStatus.APPROVED, CheckState.VERIFIED), new Backlink.Details("t", "e", "a"),
                        Assessment.CLEAN, "192.0.2.1", Instant.now()))));
            }
            long id = json.readTree(linkback.get("/admin/api/mentions?status=", "Authorization", auth).body()).path("items").path(0)
                    .path("id").asLong();
            linkback.post("/admin/api/mentions/" + id + "/status", "application/json", "{\"status\":\"spam\"}".getBytes(),
                          "Authorization", auth);

            Await.until(Duration.ofSeconds(20), () -> delivery(linkback, json, auth).path("lastError").asText().startsWith("gave up"),
                        "the delivery is given up");

            JsonNode delivery = delivery(linkback, json, auth);
            assertEquals(4, receiver.calls(), "max-attempts tries");
            assertEquals(4, delivery.path("attempts").asInt(), "as many as were made: " + delivery);
            assertEquals(503, delivery.path("lastStatus").asInt(), "and what the receiver last answered: " + delivery);
        }
    }

    private static JsonNode delivery(TestLinkback linkback, ObjectMapper json, String auth) throws Exception {
        return json.readTree(linkback.get("/admin/api/webhooks/deliveries", "Authorization", auth).body()).path("items").path(0);
    }
}
