package org.linkback.receive;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Limits per dimension, and fair use of other servers: per source host (random query strings
 * count against the host), per target, at most two fetches to one host at a time, and one fetch
 * of a source page for many pings of it.
 */
class AbuseLimitsTest {

    private static PageServer blog;
    private static PageServer sources;
    private static TestLinkback linkback;
    private static PingbackClient client;

    @BeforeAll
    static void start() {
        blog = new PageServer();
        sources = PageServer.on("127.0.0.31");
        for (int i = 0; i < 8; i++) {
            blog.html("/blog/article-" + i, "<html><head><title>Article " + i + "</title></head><body>ours</body></html>");
        }
        String yaml = TestLinkback.yaml(TestLinkback.Settings.forSite(blog.url("/blog/")).readTimeoutMs(5000))
                .replace("pings-per-minute-per-source-host: 1000", "pings-per-minute-per-source-host: 12")
                .replace("pings-per-minute-per-target: 1000", "pings-per-minute-per-target: 10");
        linkback = TestLinkback.start(yaml);
        client = new PingbackClient(linkback.url("/xmlrpc"));
    }

    @AfterAll
    static void stop() {
        linkback.close();
        sources.close();
        blog.close();
    }

    private static String linking(String path, String... targets) {
        StringBuilder html = new StringBuilder("<html><body>");
        for (String target : targets) {
            html.append("<p><a href=\"").append(target).append("\">x</a></p>");
        }
        sources.html(path, html.append("</body></html>").toString());
        return sources.url(path);
    }

    @Test
    void aPostLinkingManyArticlesIsFetchedOnceForAllItsPings() throws XmlRpcException {
        String[] targets = {blog.url("/blog/article-0"), blog.url("/blog/article-1"), blog.url("/blog/article-2"),
                            blog.url("/blog/article-3")};
        String source = linking("/many", targets);

        for (String target : targets) {
            client.ping(source, target);
        }

        assertEquals(1, sources.count("/many"), "one fetch verified all four pings");
    }

    @Test
    void atMostTwoFetchesGoToOneHostAtOnce() throws Exception {
        byte[] page = ("<html><body><a href=\"" + blog.url("/blog/article-4") + "\">x</a></body></html>").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 6; i++) {
            sources.page("/slow/" + i, new PageServer.Page(200, "text/html", page, 600, null));
        }
        List<Future<Integer>> pings = new ArrayList<>();
        try (ExecutorService senders = Executors.newFixedThreadPool(6)) {
            for (int i = 0; i < 6; i++) {
                String source = sources.url("/slow/" + i);
                pings.add(senders.submit(() -> outcome(source, blog.url("/blog/article-4"))));
            }
            for (Future<Integer> ping : pings) {
                ping.get();
            }
        }
        assertTrue(sources.mostInFlight() <= 2, "fetches to one host at once: " + sources.mostInFlight());
    }

    /** 0 for a registered ping, else the fault code. */
    private static int outcome(String source, String target) {
        try {
            client.ping(source, target);
            return 0;
        } catch (XmlRpcException e) {
            return e.code;
        }
    }

    @Test
    void randomQueryStringsCountAgainstTheSourceHost() {
        int refused = 0;
        for (int i = 0; i < 16; i++) {
            if (outcome(linking("/q", blog.url("/blog/article-6")) + "?random=" + i, blog.url("/blog/article-6")) == 49) {
                refused++;
            }
        }
        assertTrue(refused >= 4, "12 a minute from one source host, whatever the query: " + refused + " of 16 refused");
    }

    @Test
    void eachTargetHasItsOwnLimit() {
        String target = blog.url("/blog/article-7");
        List<Integer> outcomes = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            blog.html("/fans/" + i, "<html><body><a href=\"" + target + "\">x</a></body></html>");
            outcomes.add(outcome(blog.url("/fans/" + i), target));
        }
        assertEquals(List.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 49), outcomes, "10 a minute to one article");
        XmlRpcException last = assertThrows(XmlRpcException.class, () -> client.ping(blog.url("/fans/0"), target));
        assertTrue(last.getMessage().contains("to this target"), last.getMessage());
    }

    @Test
    void fetchesToOneHostKeepAMinimumInterval() throws Exception {
        try (PageServer paced = PageServer.on("127.0.0.32");
             TestLinkback slow = TestLinkback.start(TestLinkback.yaml(TestLinkback.Settings.forSite(blog.url("/blog/")))
                                                            .replace("per-host-interval-ms: 0", "per-host-interval-ms: 400"))) {
            PingbackClient pinger = new PingbackClient(slow.url("/xmlrpc"));
            for (int i = 0; i < 3; i++) {
                paced.html("/p/" + i, "<html><body><a href=\"" + blog.url("/blog/article-" + i) + "\">x</a></body></html>");
                pinger.ping(paced.url("/p/" + i), blog.url("/blog/article-" + i));
            }
            List<Long> starts = paced.requests().stream().map(PageServer.Received::nanoTime).sorted().toList();
            assertEquals(3, starts.size());
            for (int i = 1; i < starts.size(); i++) {
                long apart = (starts.get(i) - starts.get(i - 1)) / 1_000_000;
                assertTrue(apart >= 380, "fetches to one host " + apart + " ms apart");
            }
        }
    }
}
