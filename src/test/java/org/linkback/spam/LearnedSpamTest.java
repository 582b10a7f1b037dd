package org.linkback.spam;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.ServerProcess;
import org.linkback.testing.TestDatabase;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The filter learns from the moderators: after they mark 40 ads of one kind spam and approve 40
 * honest replies, a new ad from a host never seen is held with a {@code learned:} reason and a new
 * honest reply is approved; the model survives a restart and is the same for a second server on
 * the database; undoing the decisions un-learns them.
 */
class LearnedSpamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH = "Bearer " + TestLinkback.Settings.ADMIN_TOKEN;
    private static final String[] AD_WORDS = {"luxury", "handbags", "outlet", "designer", "sunglasses", "wholesale", "discount",
                                              "coupon", "clearance", "deals", "boutique", "bargain", "shop", "sale", "brand", "order"};
    private static final String[] REPLY_WORDS = {"enjoyed", "history", "Joseon", "dynasty", "museum", "Seoul", "palace", "travel",
                                                 "reading", "thanks", "article", "photos", "visited", "autumn", "temple", "Korea"};

    @Test
    void aKindOfSpamMarkedFortyTimesIsHeldAndHonestRepliesAreNot() throws Exception {
        try (PageServer blog = new PageServer();
             PageServer adHost = PageServer.on("127.0.0.2"); PageServer replyHost = PageServer.on("127.0.0.3");
             PageServer newAdHost = PageServer.on("127.0.0.4"); PageServer newReplyHost = PageServer.on("127.0.0.5");
             TestLinkback linkback = TestLinkback.start(TestLinkback.Settings.forSite(blog.url("/blog/")).moderation("hold"))) {
            String post = blog.url("/blog/post");
            blog.html("/blog/post", "<title>Autumn in Seoul</title><p>Palaces and temples.</p>");
            PingbackClient pingback = new PingbackClient(linkback.url("/xmlrpc"));
            Random random = new Random(7);
            List<Long> ads = new ArrayList<>();
            List<Long> replies = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ads.add(ping(linkback, pingback, adHost, "/ad/" + i, text(AD_WORDS, random), post));
                replies.add(ping(linkback, pingback, replyHost, "/reply/" + i, text(REPLY_WORDS, random), post));
            }
            assertEquals(200, bulk(linkback, ads, "spam").statusCode(), "a bulk action teaches too");
            assertEquals(200, bulk(linkback, replies, "approved").statusCode());
            JsonNode learned = overview(linkback).path("learned");
            assertEquals(40, learned.path("spam").asInt(), learned.toString());
            assertEquals(40, learned.path("ham").asInt());
            assertEquals(200, linkback.request("PATCH", "/admin/api/sites/test", "application/json",
                                               "{\"moderation\":\"approve\"}".getBytes(StandardCharsets.UTF_8), "Authorization", AUTH)
                    .statusCode());

            JsonNode ad = backlink(linkback, ping(linkback, pingback, newAdHost, "/new-ad", text(AD_WORDS, random), post));
            assertNotEquals("approved", ad.path("status").asText(), ad.toString());
            assertTrue(ad.path("spamReasons").toString().contains("learned: p="), ad.toString());
            JsonNode reply = backlink(linkback, ping(linkback, pingback, newReplyHost, "/new-reply", text(REPLY_WORDS, random), post));
            assertEquals("approved", reply.path("status").asText(), reply.toString());

            linkback.restart();
            pingback = new PingbackClient(linkback.url("/xmlrpc")); // a new port
            assertEquals(40, overview(linkback).path("learned").path("spam").asInt(), "the counts are in the database");
            // a second process on PostgreSQL (an embedded database belongs to one JVM: there, a second server in it)
            Process secondProcess = null;
            TestLinkback secondInProcess = null;
            try {
                String second;
                if (TestDatabase.onPostgres()) {
                    secondProcess = ServerProcess.start(linkback.configForAnotherProcess());
                    second = "http://127.0.0.1:" + ServerProcess.portOf(secondProcess);
                } else {
                    secondInProcess = linkback.sibling();
                    second = secondInProcess.url("");
                }
                JsonNode seenThere = backlink(linkback, ping(linkback, new PingbackClient(second + "/xmlrpc"), newAdHost, "/new-ad-2",
                                                             text(AD_WORDS, random), post));
                assertTrue(seenThere.path("spamReasons").toString().contains("learned: p="), "the other process has the same model");
            } finally {
                if (secondProcess != null) {
                    secondProcess.destroy();
                    secondProcess.waitFor();
                }
                if (secondInProcess != null) {
                    secondInProcess.close();
                }
            }

            assertEquals(200, bulk(linkback, ads, "pending").statusCode(), "the decisions undone ...");
            assertEquals(200, bulk(linkback, replies, "pending").statusCode());
            learned = overview(linkback).path("learned");
            assertEquals(0, learned.path("spam").asInt(), "... are un-learned: " + learned);
            assertEquals(0, learned.path("ham").asInt());
            JsonNode after = backlink(linkback, ping(linkback, pingback, newAdHost, "/new-ad-3", text(AD_WORDS, random), post));
            assertTrue(!after.path("spamReasons").toString().contains("learned:"), "the filter says nothing again: " + after);
        }
    }

    private static String text(String[] words, Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            text.append(words[random.nextInt(words.length)]).append(' ');
        }
        return text.toString().strip();
    }

    private static long ping(TestLinkback linkback, PingbackClient pingback, PageServer host, String path, String text, String post)
            throws Exception {
        host.html(path, "<html><head><title>" + text.substring(0, 20) + "</title></head><body><p>" + text + "</p><p><a href=\"" + post
                        + "\">" + text.substring(0, 12) + "</a></p></body></html>");
        pingback.ping(host.url(path), post);
        for (JsonNode item : JSON.readTree(linkback.get("/admin/api/mentions?limit=500", "Authorization", AUTH).body()).path("items")) {
            if (item.path("source").asText().equals(host.url(path))) {
                return item.path("id").asLong();
            }
        }
        throw new AssertionError("no backlink from " + host.url(path));
    }

    private static JsonNode backlink(TestLinkback linkback, long id) throws Exception {
        for (JsonNode item : JSON.readTree(linkback.get("/admin/api/mentions?limit=500", "Authorization", AUTH).body()).path("items")) {
            if (item.path("id").asLong() == id) {
                return item;
            }
        }
        throw new AssertionError("no backlink " + id);
    }

    private static HttpResponse<String> bulk(TestLinkback linkback, List<Long> ids, String status) throws Exception {
        return linkback.post("/admin/api/mentions/status", "application/json",
                             JSON.writeValueAsBytes(Map.of("ids", ids, "status", status)), "Authorization", AUTH);
    }

    private static JsonNode overview(TestLinkback linkback) throws Exception {
        return JSON.readTree(linkback.get("/admin/api/overview", "Authorization", AUTH).body());
    }
}
