package org.linkback.webmention;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.ServedBlogTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * W3C Webmention: synchronous validation, 202 with a status URL, verification in the
 * background, updates and deletes when the same pair is sent again.
 */
class WebmentionTest extends ServedBlogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORM = "application/x-www-form-urlencoded";

    private static String[] linkedPair(String name) {
        String target = blogs.url("/blog/" + name);
        blogs.html("/blog/" + name, "<p>our article</p>");
        blogs.html("/notes/" + name, linkingPage("A note about it", target));
        return new String[] {blogs.url("/notes/" + name), target};
    }

    private static String linkingPage(String title, String target) {
        return "<html><head><title>" + title + " | Notes</title></head><body><div class=\"h-entry\"><p class=\"e-content\">"
               + "Replying to <a href=\"" + target + "\">this post</a>.</p></div></body></html>";
    }

    private static HttpResponse<String> send(String source, String target) {
        return send(FORM, source, target);
    }

    private static HttpResponse<String> send(String contentType, String source, String target) {
        return linkback.postForm("/webmention", contentType, "source=" + URLEncoder.encode(source, StandardCharsets.UTF_8)
                                                               + "&target=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
    }

    /** Sends a webmention, expects 202, and waits until its status is no longer pending. */
    private static JsonNode sendAndAwait(String source, String target, String expectedStatus) throws Exception {
        HttpResponse<String> accepted = send(source, target);
        assertEquals(202, accepted.statusCode(), accepted.body());
        String location = accepted.headers().firstValue("Location").orElseThrow();
        return JSON.readTree(linkback.awaitBody(location, "\"status\":\"" + expectedStatus + "\"").body());
    }

    private static String feed(String target) {
        return linkback.get("/backlinks.json?target=" + URLEncoder.encode(target, StandardCharsets.UTF_8)).body();
    }

    @Test
    void aWebmentionIsAcceptedThenVerifiedAndShowsInTheFeeds() throws Exception {
        String[] pair = linkedPair("verified");

        HttpResponse<String> accepted = send(pair[0], pair[1]);

        assertEquals(202, accepted.statusCode());
        String location = accepted.headers().firstValue("Location").orElseThrow();
        assertTrue(location.matches("/webmention/[A-Za-z0-9_-]{32}"), "an unguessable token: " + location);
        JsonNode status = JSON.readTree(linkback.awaitBody(location, "\"status\":\"verified\"").body());
        assertEquals("verified", status.path("status").asText());
        assertEquals(pair[0], status.path("source").asText());
        assertEquals(pair[1], status.path("target").asText());
        assertFalse(status.path("updatedAt").asText().isEmpty());
        String feed = feed(pair[1]);
        assertTrue(feed.contains("\"kind\" : \"webmention\""), feed);
        assertTrue(feed.contains("A note about it"), feed);
    }

    @Test
    void badRequestsAre400WithAReason() {
        String[] pair = linkedPair("bad");
        assertBadRequest(send("/relative/source", pair[1]), "source");
        assertBadRequest(send("ftp://files.example/x", pair[1]), "source");
        assertBadRequest(send(pair[0], "not a url"), "target");
        assertBadRequest(send(pair[0], "http://elsewhere.example/post"), "not on a site served here");
        assertBadRequest(send(pair[1] + "#fragment", pair[1]), "same page");
        assertBadRequest(linkback.postForm("/webmention", FORM, "target=" + pair[1]), "source");
        assertEquals(415, send("application/json", pair[0], pair[1]).statusCode());
    }

    private static void assertBadRequest(HttpResponse<String> response, String reasonPart) {
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertTrue(response.body().contains(reasonPart), response.body());
        assertEquals(1, response.body().strip().lines().count());
    }

    @Test
    void aCharsetParameterIsAccepted() throws Exception {
        String[] pair = linkedPair("charset");
        assertEquals(202, send(FORM + "; charset=utf-8", pair[0], pair[1]).statusCode());
    }

    @Test
    void statusUrlsCannotBeEnumeratedAndSayOnlyWhatTheSenderMayKnow() throws Exception {
        String[] pair = linkedPair("private-status");
        HttpResponse<String> accepted = send(pair[0], pair[1]);
        String location = accepted.headers().firstValue("Location").orElseThrow();
        linkback.awaitBody(location, "\"status\":\"verified\"");
        for (int id = 1; id <= 20; id++) {
            assertEquals(404, linkback.get("/webmention/" + id).statusCode(), "numeric ids name no status");
        }
        JsonNode shown = JSON.readTree(linkback.get(location).body());
        assertFalse(shown.has("id"), "the row id stays inside: " + shown);

        String admin = "Bearer " + org.linkback.testing.TestLinkback.Settings.ADMIN_TOKEN;
        JsonNode items = JSON.readTree(linkback.get("/admin/api/mentions?limit=500", "Authorization", admin).body()).path("items");
        long id = 0;
        for (JsonNode item : items) {
            if (item.path("source").asText().equals(pair[0])) {
                id = item.path("id").asLong();
            }
        }
        linkback.post("/admin/api/mentions/" + id + "/status", "application/json",
                      "{\"status\":\"spam\"}".getBytes(StandardCharsets.UTF_8), "Authorization", admin);
        assertEquals("rejected", JSON.readTree(linkback.get(location).body()).path("status").asText(), "spam is not shown as verified");

        JsonNode unknownHost = sendAndAwait("http://no-such-host.invalid/post", pair[1], "rejected");
        assertEquals("the source could not be fetched", unknownHost.path("reason").asText(), "no DNS details: " + unknownHost);
    }

    @Test
    void anUnknownStatusIdIs404() {
        assertEquals(404, linkback.get("/webmention/999999").statusCode());
        assertEquals(404, linkback.get("/webmention/nope").statusCode());
    }

    @Test
    void aSourceWithoutTheLinkIsRejectedWithAReason() throws Exception {
        String target = linkedPair("rejected")[1];
        blogs.html("/notes/unrelated", "<p>nothing here</p>");
        JsonNode status = sendAndAwait(blogs.url("/notes/unrelated"), target, "rejected");
        assertEquals("rejected", status.path("status").asText());
        assertTrue(status.path("reason").asText().contains("does not link"), status.toString());
        assertFalse(feed(target).contains(blogs.url("/notes/unrelated")));
    }

    @Test
    void aSourceThatNoLongerLinksIsDeleted() throws Exception {
        String[] pair = linkedPair("unlinked");
        sendAndAwait(pair[0], pair[1], "verified");
        assertTrue(feed(pair[1]).contains(pair[0]));

        blogs.html("/notes/unlinked", "<p>I took the link out.</p>");
        JsonNode status = sendAndAwait(pair[0], pair[1], "deleted");

        assertEquals("deleted", status.path("status").asText());
        assertFalse(feed(pair[1]).contains(pair[0]));
    }

    @Test
    void aSourceAnswering410IsDeleted() throws Exception {
        String[] pair = linkedPair("gone");
        sendAndAwait(pair[0], pair[1], "verified");

        blogs.status("/notes/gone", 410);
        sendAndAwait(pair[0], pair[1], "deleted");

        assertFalse(feed(pair[1]).contains(pair[0]));
    }

    @Test
    void anUpdatedSourceUpdatesTheBacklink() throws Exception {
        String[] pair = linkedPair("updated");
        sendAndAwait(pair[0], pair[1], "verified");

        blogs.html("/notes/updated", linkingPage("A corrected note", pair[1]));
        send(pair[0], pair[1]);

        assertTrue(linkback.awaitBody("/backlinks.json?target=" + pair[1], "A corrected note").body().contains("A corrected note"));
    }

    @Test
    void aPlainTextSourceMayMentionTheTarget() throws Exception {
        String target = linkedPair("plain")[1];
        blogs.page("/notes/plain.txt", new PageServer.Page(200, "text/plain", ("See " + target + " for more.").getBytes(), 0, null));
        assertEquals("verified", sendAndAwait(blogs.url("/notes/plain.txt"), target, "verified").path("status").asText(),
                     "a page without HTML (and so without microformats) is verified by its text");
    }

    @Test
    void theVerificationAsksForHtmlAndFollowsRedirects() throws Exception {
        String target = linkedPair("redirect")[1];
        blogs.redirect("/short/r", blogs.url("/notes/long-url"));
        blogs.html("/notes/long-url", linkingPage("Moved", target));

        sendAndAwait(blogs.url("/short/r"), target, "verified");

        PageServer.Received fetch = blogs.requests().stream().filter(r -> r.path().equals("/short/r")).findFirst().orElseThrow();
        assertEquals("text/html, */*;q=0.1", fetch.headers().getFirst("Accept"));
        assertTrue(fetch.headers().getFirst("User-Agent").contains("verifying webmention"));
    }

    @Test
    void aPassingServerErrorIsRetriedUntilItWorks() throws Exception {
        String target = linkedPair("flaky")[1];
        blogs.sequence("/notes/flaky", PageServer.statusPage(503), PageServer.statusPage(502),
                       PageServer.htmlPage(linkingPage("Flaky", target)));

        sendAndAwait(blogs.url("/notes/flaky"), target, "verified");

        assertEquals(3, blogs.count("/notes/flaky"));
    }

    @Test
    void aSourceThatKeepsFailingIsRejectedAfterMaxAttempts() throws Exception {
        String target = linkedPair("down")[1];
        blogs.status("/notes/down", 503);

        JsonNode status = sendAndAwait(blogs.url("/notes/down"), target, "rejected");

        assertTrue(status.path("reason").asText().contains("gave up"), status.toString());
        assertEquals(4, blogs.count("/notes/down")); // max-attempts in the test configuration
    }

    @Test
    void aStormOfIdenticalWebmentionsMakesOneMentionAndNoParallelFetches() throws Exception {
        String[] pair = linkedPair("storm");
        blogs.html("/notes/storm", linkingPage("Storm", pair[1]));
        PageServer.Gate firstCheck = blogs.hold("/notes/storm"); // the storm comes while the first check fetches (or before)

        List<String> locations = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                answers.add(pool.submit(() -> send(pair[0], pair[1])));
            }
            for (Future<HttpResponse<String>> answer : answers) {
                assertEquals(202, answer.get().statusCode());
                locations.add(answer.get().headers().firstValue("Location").orElseThrow());
            }
        }
        firstCheck.open();

        assertEquals(1, locations.stream().distinct().count(), locations.toString());
        linkback.awaitBody(locations.getFirst(), "\"status\":\"verified\"");
        linkback.awaitNoJobs(); // a re-check asked for during the first one has run too
        // One check, plus at most one more for the requests that came while it ran.
        assertTrue(blogs.count("/notes/storm") <= 2, "fetched " + blogs.count("/notes/storm") + " times");
        assertEquals(1, JSON.readTree(feed(pair[1])).path("items").size());
    }
}
