package org.linkback.store;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.linkback.feed.FeedVersions;
import org.linkback.testing.Await;
import org.linkback.testing.Http;
import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.ServerProcess;
import org.linkback.testing.TestClock;
import org.linkback.testing.TestDatabase;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two linkback processes on one database, as behind a load balancer: every check runs once
 * whichever process took the ping, a ping sent to both at once is stored once, and both serve
 * the same feeds. In the PostgreSQL pass the second server is a JVM of its own; in the HSQLDB
 * pass (an embedded file belongs to one JVM) it is a second server in this JVM, on the same clock.
 */
class SharedDatabaseTest {

    private static final int ARTICLES = 4;
    private static final int SOURCES = 48;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestClock clock = TestClock.stoppedNow();
    private PageServer blogs;
    private TestLinkback first;
    private Process secondProcess;
    private TestLinkback secondInProcess;
    private String second;

    @BeforeEach
    void startTwoProcesses() throws Exception {
        blogs = new PageServer();
        if (TestDatabase.onPostgres()) {
            // the second process runs on the system clock, and the two share the queue's due times and
            // leases: this one must read the same clock
            first = TestLinkback.start(TestLinkback.Settings.forSite(blogs.url("/blog/")));
            secondProcess = ServerProcess.start(first.configForAnotherProcess());
            second = "http://127.0.0.1:" + ServerProcess.portOf(secondProcess);
        } else {
            first = TestLinkback.start(TestLinkback.Settings.forSite(blogs.url("/blog/")), clock);
            secondInProcess = first.sibling();
            second = secondInProcess.url("");
        }
        for (int a = 0; a < ARTICLES; a++) {
            blogs.html("/blog/post-" + a, "<p>article " + a + "</p>");
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (secondProcess != null) {
            secondProcess.destroy();
            secondProcess.waitFor();
        }
        if (secondInProcess != null) {
            secondInProcess.close();
        }
        first.close();
        blogs.close();
    }

    @Test
    void everyWebmentionSentToEitherProcessIsCheckedExactlyOnceAndBothServeTheSameFeeds() throws Exception {
        for (int i = 0; i < SOURCES; i++) {
            blogs.html("/source/" + i, "<p>A note <a href=\"" + article(i) + "\">on this</a>.</p>");
        }
        try (ExecutorService senders = Executors.newFixedThreadPool(8)) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < SOURCES; i++) {
                String base = i % 2 == 0 ? first.url("") : second;
                String form = "source=" + encode(blogs.url("/source/" + i)) + "&target=" + encode(article(i));
                answers.add(senders.submit(() -> Http.postForm(base + "/webmention", form).statusCode()));
            }
            for (Future<Integer> answer : answers) {
                assertEquals(202, answer.get());
            }
        }

        awaitAllVerified();
        for (int i = 0; i < SOURCES; i++) {
            assertEquals(1, blogs.count("/source/" + i), "source " + i + " was fetched once: one check, by one process");
        }
        assertEquals(0, count("SELECT COUNT(*) FROM verify_job"), "no job left behind");

        clock.advance(FeedVersions.RECHECK.plusMillis(1)); // each process re-reads a version it did not change itself
        for (int a = 0; a < ARTICLES; a++) {
            awaitSameFeed("/backlinks.json?target=" + encode(blogs.url("/blog/post-" + a)));
        }
        awaitSameFeed("/backlinks.atom?site=test");
        Await.until(Duration.ofSeconds(10), () -> JSON.readTree(first.get("/backlinks.json?site=test").body()).get("items").size() == SOURCES,
                    "the site's feed shows every backlink");
    }

    @Test
    void aPingSentToBothProcessesAtOnceIsStoredOnceAndTheOtherIsToldItIsRegistered() throws Exception {
        int pairs = 12;
        for (int i = 0; i < pairs; i++) {
            blogs.html("/twice/" + i, "<p><a href=\"" + article(i) + "\">this</a></p>");
        }
        try (ExecutorService both = Executors.newFixedThreadPool(2)) {
            for (int i = 0; i < pairs; i++) {
                String source = blogs.url("/twice/" + i);
                String target = article(i);
                CyclicBarrier together = new CyclicBarrier(2);
                Future<String> viaFirst = both.submit(() -> ping(together, first.url("/xmlrpc"), source, target));
                Future<String> viaSecond = both.submit(() -> ping(together, second + "/xmlrpc", source, target));
                List<String> answers = List.of(viaFirst.get(), viaSecond.get());

                assertEquals(1, answers.stream().filter(a -> a.startsWith("ok")).count(), "one stored it: " + answers);
                assertTrue(answers.contains("fault 48"), "the other says it is registered already, no other fault: " + answers);
            }
        }
        assertEquals(pairs, count("SELECT COUNT(*) FROM mention"));
    }

    @Test
    void aWebmentionSentToBothProcessesAtOnceIsOneBacklink() throws Exception {
        blogs.html("/once", "<p><a href=\"" + article(0) + "\">this</a></p>");
        String form = "source=" + encode(blogs.url("/once")) + "&target=" + encode(article(0));
        for (int round = 0; round < 5; round++) {
            CyclicBarrier together = new CyclicBarrier(2);
            try (ExecutorService both = Executors.newFixedThreadPool(2)) {
                Future<Integer> viaFirst = both.submit(() -> {
                    together.await();
                    return Http.postForm(first.url("/webmention"), form).statusCode();
                });
                Future<Integer> viaSecond = both.submit(() -> {
                    together.await();
                    return Http.postForm(second + "/webmention", form).statusCode();
                });
                assertEquals(202, viaFirst.get());
                assertEquals(202, viaSecond.get());
            }
        }
        assertEquals(1, count("SELECT COUNT(*) FROM mention"));
        assertTrue(count("SELECT COUNT(*) FROM verify_job") <= 1, "one job per backlink at most");
    }

    private int count(String sql) {
        try (Database database = first.openDatabase()) {
            return database.read(h -> h.createQuery(sql).mapTo(Integer.class).one());
        }
    }

    private String article(int i) {
        return blogs.url("/blog/post-" + (i % ARTICLES));
    }

    /**
     * Every backlink checked and approved, as the database has it: a feed of one process would
     * show the other's last checks only after its version is re-read, and the clock stands still
     * (the feeds are compared after it moves).
     */
    private void awaitAllVerified() {
        String approved = "SELECT COUNT(*) FROM mention WHERE status = 'approved' AND verification = 'verified'";
        Await.until(Duration.ofSeconds(60), () -> count(approved) == SOURCES,
                    () -> "only " + count(approved) + " of " + SOURCES + " backlinks verified");
    }

    /**
     * Both processes serve the feed alike. In the HSQLDB pass at once (the clock was moved past
     * {@link FeedVersions#RECHECK}); a second JVM in the PostgreSQL pass runs on the system clock,
     * so there this waits up to {@link FeedVersions#RECHECK} of real time for its re-read.
     */
    private void awaitSameFeed(String feed) {
        Await.until(Duration.ofSeconds(10), () -> first.get(feed).body().equals(fromSecond(feed)),
                    () -> "the same feed from both processes: " + feed + "\n" + first.get(feed).body() + "\n" + fromSecond(feed));
    }

    private String fromSecond(String feed) {
        try {
            return Http.get(second + feed).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String ping(CyclicBarrier together, String endpoint, String source, String target) throws Exception {
        together.await();
        try {
            return "ok " + new PingbackClient(endpoint).ping(source, target);
        } catch (XmlRpcException e) {
            return "fault " + e.code;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
