package org.linkback.spam;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.linkback.config.LinkbackConfig;
import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Volume alone is not spam: a busy honest sender's backlinks are published, while a wave of
 * throwaway hosts from one client IP is still caught.
 */
class BusySenderTest {

    private static final int WAVE_HOSTS = 30;

    private static PageServer blog;
    private static final List<PageServer> throwaways = new ArrayList<>();

    @BeforeAll
    static void start() {
        blog = new PageServer();
        for (int i = 0; i < 20; i++) {
            blog.html("/blog/article-" + i, "<html><head><title>Notes on gardening, part " + i
                                            + "</title></head><body>gardening</body></html>");
        }
        for (int i = 0; i < WAVE_HOSTS; i++) {
            throwaways.add(PageServer.on("127.0.0." + (10 + i)));
        }
    }

    @AfterAll
    static void stop() {
        throwaways.forEach(PageServer::close);
        blog.close();
    }

    /** The per-IP limit a server has when its configuration does not set one. */
    private static int defaultPingsPerMinute() {
        Config empty = Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .addSource(ConfigSources.create("linkback:\n  public-url: http://x\n", io.helidon.common.media.type.MediaTypes.APPLICATION_YAML))
                .build();
        return LinkbackConfig.from(empty).limits().pingsPerMinutePerIp();
    }

    private static JsonNode mentions(TestLinkback linkback, String status) throws Exception {
        String body = linkback.get("/admin/api/mentions?limit=500&status=" + status,
                                   "Authorization", "Bearer " + TestLinkback.Settings.ADMIN_TOKEN).body();
        return new ObjectMapper().readTree(body).path("items");
    }

    @Test
    void twoHundredCleanPingsFromOneSenderInAMinuteAreAllApproved() throws Exception {
        int limit = defaultPingsPerMinute();
        assertTrue(limit >= 200, "the default limit lets a burst of 200 through: " + limit);
        try (TestLinkback linkback = TestLinkback.start(TestLinkback.Settings.forSite(blog.url("/blog/")).pingsPerMinute(limit))) {
            PingbackClient client = new PingbackClient(linkback.url("/xmlrpc"));
            for (int i = 0; i < 200; i++) {
                String target = blog.url("/blog/article-" + (i % 20));
                String path = "/busy/post-" + i;
                blog.html(path, "<html><head><title>Garden diary " + i + " | Busy Gardener</title></head><body><article>"
                                + "<p>More notes on gardening, following <a href=\"" + target + "\">part " + (i % 20)
                                + "</a> of the series.</p></article></body></html>");
                client.ping(blog.url(path), target);
            }

            assertEquals(0, mentions(linkback, "pending").size(), mentions(linkback, "pending").toString());
            assertEquals(0, mentions(linkback, "spam").size());
            assertEquals(200, mentions(linkback, "approved").size());
        }
    }

    @Test
    void aWaveOfThrowawayHostsFromOneIpIsHeldOrSpam() throws Exception {
        try (TestLinkback linkback = TestLinkback.start(TestLinkback.Settings.forSite(blog.url("/blog/")))) {
            sendWave(linkback);

            assertEquals(0, mentions(linkback, "approved").size(), mentions(linkback, "approved").toString());
            JsonNode spam = mentions(linkback, "spam");
            assertFalse(spam.isEmpty(), "the later pings of the wave are spam");
            assertTrue(spam.get(0).path("spamReasons").toString().contains("different source hosts"), spam.get(0).toString());
        }
    }

    @Test
    void aTrustedSenderIsNeverScoredForItsVolume() throws Exception {
        String yaml = TestLinkback.yaml(TestLinkback.Settings.forSite(blog.url("/blog/")))
                .replace("  moderation:\n", "  moderation:\n    trusted-senders: [\"127.0.0.0/8\"]\n");
        try (TestLinkback linkback = TestLinkback.start(yaml)) {
            sendWave(linkback);

            JsonNode held = mentions(linkback, "pending");
            assertEquals(WAVE_HOSTS, held.size(), "one spam word alone holds, nothing more: " + held);
            assertFalse(held.toString().contains("different source hosts"), held.toString());
        }
    }

    /** One thin page with a spam word on each throwaway host, all pinged from this test's IP. */
    private static void sendWave(TestLinkback linkback) throws XmlRpcException {
        PingbackClient client = new PingbackClient(linkback.url("/xmlrpc"));
        for (int i = 0; i < WAVE_HOSTS; i++) {
            PageServer host = throwaways.get(i);
            String target = blog.url("/blog/article-" + (i % 20));
            host.html("/promo", "<html><head><title>Best casino bonus " + i + "</title></head><body>"
                                + "<a href=\"" + target + "\">gardening</a></body></html>");
            client.ping(host.url("/promo"), target);
        }
    }
}
