package org.linkback.webhook;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import org.linkback.testing.Await;
import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhooks to a real local receiver that checks every signature itself (Standard Webhooks v1,
 * computed here independently of linkback's code): a 503 is retried, an acknowledged event is
 * never sent again, a ping that changes nothing fires nothing, and a replay sends the same ids.
 */
class WebhooksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH = "Bearer " + TestLinkback.Settings.ADMIN_TOKEN;

    /** One request the receiver got, the status it answered, and whether the signature was right. */
    private record Received(String id, String timestamp, String body, int answered, boolean signatureValid) {
    }

    @Test
    void eventsAreSignedRetriedNeverSentTwiceOnceAcknowledgedAndReplayable() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        List<Received> received = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            int status = calls.getAndIncrement() == 0 ? 503 : 204; // the first attempt meets a busy receiver
            received.add(new Received(id, timestamp, new String(body, StandardCharsets.UTF_8), status,
                                      ("v1," + hmac(key, id + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8)))
                                              .equals(signature)));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        try (PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(TestLinkback.yaml(TestLinkback.Settings.forSite(blogs.url("/blog/")))
                     .replace("linkback:\n", "linkback:\n  webhooks:\n    - url: \"http://127.0.0.1:" + receiver.getAddress().getPort()
                                              + "/hook\"\n      secret: \"" + secret + "\"\n"))) {
            blogs.html("/blog/post", "<title>Post</title>");
            blogs.html("/note", "<title>A note | Blog</title><a href=\"" + blogs.url("/blog/post") + "\">x</a>");
            PingbackClient pingback = new PingbackClient(linkback.url("/xmlrpc"));
            pingback.ping(blogs.url("/note"), blogs.url("/blog/post"));
            awaitDelivered(linkback, 1);

            assertEquals(48, pingback.faultOf(blogs.url("/note"), blogs.url("/blog/post")));
            blogs.html("/reply", "<title>A reply | Blog</title><a href=\"" + blogs.url("/blog/post") + "\">x</a>");
            String form = "source=" + java.net.URLEncoder.encode(blogs.url("/reply"), StandardCharsets.UTF_8)
                          + "&target=" + java.net.URLEncoder.encode(blogs.url("/blog/post"), StandardCharsets.UTF_8);
            String status = linkback.postForm("/webmention", "application/x-www-form-urlencoded", form).headers()
                    .firstValue("Location").orElseThrow();
            linkback.awaitBody(status, "\"verified\"");
            awaitDelivered(linkback, 2);
            assertEquals(202, linkback.postForm("/webmention", "application/x-www-form-urlencoded", form).statusCode());
            linkback.awaitNoJobs(); // the check of the unchanged page has run again (and any event it fired, been delivered)
            assertEquals(2, deliveries(linkback).size(), "the unchanged page fired nothing");
            long id = 0;
            for (JsonNode item : JSON.readTree(linkback.get("/admin/api/mentions?status=", "Authorization", AUTH).body()).path("items")) {
                if (item.path("source").asText().equals(blogs.url("/note"))) {
                    id = item.path("id").asLong();
                }
            }
            assertEquals(200, linkback.post("/admin/api/mentions/" + id + "/status", "application/json",
                                            "{\"status\":\"spam\"}".getBytes(StandardCharsets.UTF_8), "Authorization", AUTH).statusCode());
            assertEquals(200, linkback.post("/admin/api/mentions/" + id + "/status", "application/json",
                                            "{\"status\":\"spam\"}".getBytes(StandardCharsets.UTF_8), "Authorization", AUTH).statusCode());
            assertEquals(204, linkback.request("DELETE", "/admin/api/mentions/" + id, null, null, "Authorization", AUTH).statusCode());
            JsonNode deliveries = awaitDelivered(linkback, 4);

            List<String> events = new ArrayList<>();
            deliveries.forEach(d -> events.add(0, d.path("event").asText()));
            assertEquals(List.of("backlink.created", "backlink.created", "backlink.status-changed", "backlink.deleted"), events,
                         "a ping sent again, a webmention of an unchanged page sent again and a status set twice fire nothing more");
            assertTrue(received.stream().allMatch(Received::signatureValid), "every delivery verifies");
            assertEquals(5, received.size(), "one 503, then each event once");
            assertEquals(503, received.getFirst().answered());
            assertEquals(received.get(0).id(), received.get(1).id(), "the retry carries the same webhook-id");
            Set<String> acknowledged = new TreeSet<>();
            received.stream().filter(r -> r.answered() == 204).forEach(r -> assertTrue(acknowledged.add(r.id()), "never twice: " + r.id()));
            JsonNode created = JSON.readTree(received.get(1).body());
            assertEquals("backlink.created", created.path("type").asText());
            assertEquals(blogs.url("/note"), created.path("data").path("source").asText());
            assertTrue(created.path("timestamp").isTextual());

            long first = deliveries.get(deliveries.size() - 1).path("id").asLong();
            JsonNode replayed = JSON.readTree(linkback.post("/admin/api/webhooks/replay?since=" + first, "application/json", new byte[0],
                                                            "Authorization", AUTH).body());
            assertEquals(4, replayed.path("replayed").asInt());
            Await.until(Duration.ofSeconds(15), () -> received.size() >= 9, () -> "the replay was received: " + received);
            Set<String> again = new TreeSet<>();
            received.subList(5, received.size()).forEach(r -> again.add(r.id()));
            assertEquals(acknowledged, again, "a replay sends the same events with their own ids");
        } finally {
            receiver.stop(0);
        }
    }

    /** Waits until this many deliveries are acknowledged; returns the deliveries, newest first. */
    private static JsonNode awaitDelivered(TestLinkback linkback, int count) {
        Await.until(Duration.ofSeconds(15), () -> delivered(linkback) >= count, () -> "deliveries acknowledged: " + deliveries(linkback));
        return deliveries(linkback);
    }

    /** How many deliveries the receiver acknowledged. */
    private static int delivered(TestLinkback linkback) {
        int delivered = 0;
        for (JsonNode item : deliveries(linkback)) {
            delivered += item.path("deliveredAt").isTextual() ? 1 : 0;
        }
        return delivered;
    }

    /** The deliveries, newest first. */
    private static JsonNode deliveries(TestLinkback linkback) {
        try {
            return JSON.readTree(linkback.get("/admin/api/webhooks/deliveries", "Authorization", AUTH).body()).path("items");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The signature as the spec describes it, computed here without linkback's code. */
    private static String hmac(byte[] key, String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
