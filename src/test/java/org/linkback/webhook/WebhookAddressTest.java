package org.linkback.webhook;

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
import org.linkback.testing.PageServer;
import org.linkback.testing.TestBacklinks;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A webhook on a private address is refused like any fetch of one, unless private addresses are allowed. */
class WebhookAddressTest {

    @Test
    void aWebhookOnALoopbackAddressIsNotCalledWhenPrivateAddressesAreRefused() throws Exception {
        try (HookReceiver receiver = new HookReceiver(204);
             PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(receiver.configured(TestLinkback.yaml(TestLinkback.Settings.forSite(blogs.url("/blog/"))
                                                                                  .allowPrivate(false))))) {
            blogs.html("/blog/post", "<title>Post</title>");
            String deliveries = "/admin/api/webhooks/deliveries";
            String auth = "Bearer " + TestLinkback.Settings.ADMIN_TOKEN;
            ObjectMapper json = new ObjectMapper();
            // a backlink stored straight in the database (pings from this machine are refused here too),
            // then a moderator's change: a status-changed event for the webhook
            try (Database database = linkback.openDatabase()) {
                database.useTransaction(h -> TestBacklinks.on(database).loaded(h, List.of(new Backlinks.Loaded(
                        Kind.PINGBACK, "https://public.example/a", blogs.url("/blog/post"), "test",
                        new BacklinkState(ModerationStatus.APPROVED, CheckState.VERIFIED), new Backlink.Details("t", "e", "a"),
                        Assessment.CLEAN, "192.0.2.1", java.time.Instant.now()))));
            }
            long id = json.readTree(linkback.get("/admin/api/mentions?status=", "Authorization", auth).body()).path("items").path(0)
                    .path("id").asLong();
            linkback.post("/admin/api/mentions/" + id + "/status", "application/json", "{\"status\":\"spam\"}".getBytes(),
                          "Authorization", auth);
            JsonNode delivery = null;
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (System.nanoTime() < deadline) {
                delivery = json.readTree(linkback.get(deliveries, "Authorization", auth).body()).path("items").path(0);
                if (delivery.path("attempts").asInt() >= 1) {
                    break;
                }
                Thread.sleep(50);
            }
            assertEquals("backlink.status-changed", delivery.path("event").asText());
            assertTrue(delivery.path("deliveredAt").isNull(), "never delivered: " + delivery);
            assertTrue(delivery.path("lastError").asText().contains("127.0.0.1"), "and it says why: " + delivery);
            assertEquals(0, receiver.calls(), "no request reached the private address");
        }
    }
}
