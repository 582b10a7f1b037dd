package org.linkback.backlink;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.linkback.store.Database;
import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestBacklinks;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A moderator's verdict made while linkback fetches a (slow) source page is never undone by what
 * the check found: the check's outcome is applied to the backlink as it is when the check ends.
 */
class LostVerdictTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH = "Bearer " + TestLinkback.Settings.ADMIN_TOKEN;

    private static PageServer blogs;
    private static TestLinkback linkback;

    @BeforeAll
    static void start() {
        blogs = new PageServer();
        // the source waits at a gate while the moderator acts: a fetch may take that long
        linkback = TestLinkback.start(TestLinkback.Settings.forSite(blogs.url("/blog/")).readTimeoutMs(30_000));
    }

    @AfterAll
    static void stop() {
        linkback.close();
        blogs.close();
    }

    /** A backlink that was verified and approved, whose source then dropped the link (a sweep took it down). */
    private static long takenDown(Kind kind, String source, String target) {
        try (Database database = linkback.openDatabase()) {
            Backlinks backlinks = TestBacklinks.on(database);
            database.useTransaction(h -> backlinks.loaded(h, List.of(new Backlinks.Loaded(
                    kind, source, target, "test", new BacklinkState(ModerationStatus.DELETED, CheckState.DELETED),
                    new Backlink.Details("Once linked", null, null), Assessment.CLEAN, "192.0.2.7", Instant.now()))));
            return backlinks.find(source, target).orElseThrow().id();
        }
    }

    /** Our article and a page that links to it again: {source, target}. */
    private static String[] linkedAgain(String name) {
        String target = blogs.url("/blog/" + name);
        blogs.html("/blog/" + name, "<p>our article</p>");
        blogs.html("/notes/" + name, "<p>Linking <a href=\"" + target + "\">again</a>.</p>");
        return new String[] {blogs.url("/notes/" + name), target};
    }

    private static void moderatorMarksSpam(long id) {
        HttpResponse<String> set = linkback.post("/admin/api/mentions/" + id + "/status", "application/json",
                                                 "{\"status\":\"spam\"}".getBytes(StandardCharsets.UTF_8), "Authorization", AUTH);
        assertEquals(200, set.statusCode(), set.body());
    }

    private static String statusOf(long id) throws Exception {
        JsonNode items = JSON.readTree(linkback.get("/admin/api/mentions?limit=200", "Authorization", AUTH).body()).path("items");
        for (JsonNode item : items) {
            if (item.path("id").asLong() == id) {
                return item.path("status").asText();
            }
        }
        throw new AssertionError("no backlink " + id);
    }

    private static String feed(String target) {
        return linkback.get("/backlinks.json?target=" + URLEncoder.encode(target, StandardCharsets.UTF_8)).body();
    }

    @Test
    void aPingbackWhoseSlowCheckEndsAfterTheModeratorMarkedItSpamStaysSpam() throws Exception {
        String[] pair = linkedAgain("lost-verdict-pingback");
        String source = pair[0];
        String target = pair[1];
        long id = takenDown(Kind.PINGBACK, source, target);
        PageServer.Gate slowSource = blogs.hold("/notes/lost-verdict-pingback");
        ExecutorService pinger = Executors.newSingleThreadExecutor();
        try {
            Future<String> ping = pinger.submit(() -> new PingbackClient(linkback.url("/xmlrpc")).ping(source, target));
            slowSource.awaitArrival(); // linkback is fetching the source now

            moderatorMarksSpam(id);
            slowSource.open();

            assertTrue(ping.get(30, TimeUnit.SECONDS).contains("registered"), "the link is there: the ping succeeds");
        } finally {
            slowSource.open();
            pinger.shutdownNow();
        }
        assertEquals("spam", statusOf(id), "the moderator's verdict stands");
        assertFalse(feed(target).contains(source), "and the backlink stays out of the feeds");
    }

    @Test
    void aWebmentionWhoseSlowCheckEndsAfterTheModeratorMarkedItSpamStaysSpam() throws Exception {
        String[] pair = linkedAgain("lost-verdict-webmention");
        String source = pair[0];
        String target = pair[1];
        long id = takenDown(Kind.WEBMENTION, source, target);
        PageServer.Gate slowSource = blogs.hold("/notes/lost-verdict-webmention");
        String location;
        try {
            HttpResponse<String> accepted = linkback.postForm("/webmention", "application/x-www-form-urlencoded",
                                                              "source=" + URLEncoder.encode(source, StandardCharsets.UTF_8)
                                                              + "&target=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
            assertEquals(202, accepted.statusCode(), accepted.body());
            location = accepted.headers().firstValue("Location").orElseThrow();
            slowSource.awaitArrival(); // the queued check is fetching the source now

            moderatorMarksSpam(id);
        } finally {
            slowSource.open();
        }

        // the check has ended once the link counts as found again: spam and verified is "rejected" to its sender
        JsonNode status = JSON.readTree(linkback.awaitBody(location, "\"status\":\"rejected\"").body());
        assertEquals("rejected", status.path("status").asText());
        assertEquals("spam", statusOf(id), "the moderator's verdict stands");
        assertFalse(feed(target).contains(source), "and the backlink stays out of the feeds");
    }
}
