package org.linkback.send;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.linkback.testing.Await;
import org.linkback.testing.PageServer;
import org.linkback.testing.RawHttpServer;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linkback.testing.RawHttpServer.answering;

/**
 * Sending never makes anyone wait: the admin API queues an article's notifications and answers
 * 202 at once, a short pause (the default, 1 s) keeps us polite to one host, and longer waits
 * happen only when a receiver asks for them ({@code Retry-After}).
 */
class BackgroundSendTest {

    private static final String TOKEN = TestLinkback.Settings.ADMIN_TOKEN;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PageServer blog;
    private static RawHttpServer web;
    private static TestLinkback linkback;

    @BeforeAll
    static void start() {
        blog = new PageServer();
        web = new RawHttpServer();
        // the default pacing between two notifications to one host (send.per-host-interval-ms: 1000)
        linkback = TestLinkback.start(TestLinkback.yaml(TestLinkback.Settings.forSite(blog.url("/blog/"))));
    }

    @AfterAll
    static void stop() {
        linkback.close();
        web.close();
        blog.close();
    }

    private static String article(String name, List<String> targets) {
        String links = targets.stream().map(t -> "<a href=\"" + t + "\">" + t + "</a>").collect(Collectors.joining(", "));
        blog.html("/blog/" + name, "<html><head><title>" + name + "</title></head><body><article><p>I read " + links + ".</p></article></body></html>");
        return blog.url("/blog/" + name);
    }

    /** Target posts on the one test host, each naming the same webmention endpoint there. */
    private static List<String> posts(String prefix, int count, String endpoint) {
        List<String> posts = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String path = "/" + prefix + "/" + i;
            web.answer(path, answering("HTTP/1.1 200 OK", "text/html", "<html><head><link rel=\"webmention\" href=\"" + endpoint
                                                                       + "\"></head><body>post</body></html>"));
            posts.add(web.url(path));
        }
        return posts;
    }

    private static HttpResponse<String> askToSend(String source) throws Exception {
        return linkback.post("/admin/api/send", "application/json", JSON.writeValueAsBytes(Map.of("source", source)),
                             "Authorization", "Bearer " + TOKEN);
    }

    @Test
    void fourLinksToOneHostAreAllDeliveredWithinFiveSecondsAndTheApiAnswersAtOnce() throws Exception {
        web.answer("/four-endpoint", answering("HTTP/1.1 202 Accepted", "text/plain", "ok"));
        String source = article("four", posts("four", 4, "/four-endpoint"));

        long asked = System.nanoTime();
        HttpResponse<String> answer = askToSend(source);
        long answeredMs = (System.nanoTime() - asked) / 1_000_000;

        assertEquals(202, answer.statusCode(), answer.body());
        assertTrue(answeredMs < 1_000, "answered in " + answeredMs + " ms");
        assertEquals("/admin/api/outbound?source=" + URLEncoder.encode(source, StandardCharsets.UTF_8),
                     answer.headers().firstValue("Location").orElse(""));
        JsonNode queued = JSON.readTree(answer.body());
        assertEquals(4, queued.path("items").size());
        queued.path("items").forEach(item -> assertEquals("pending", item.path("outcome").asText(), item.toString()));
        assertTrue(!queued.path("settled").asBoolean());

        Await.until(Duration.ofSeconds(5).minusNanos(System.nanoTime() - asked), () -> web.received("/four-endpoint").size() == 4,
                    () -> "delivered within 5 s of the request: " + web.received("/four-endpoint").size());
        List<RawHttpServer.Received> posts = web.received("/four-endpoint");
        for (int i = 1; i < posts.size(); i++) {
            long apart = (posts.get(i).nanoTime() - posts.get(i - 1).nanoTime()) / 1_000_000;
            assertTrue(apart >= 950, "a pause between two notifications to one host: " + apart + " ms");
        }
        Await.until(Duration.ofSeconds(5), () -> SendTest.outbound(linkback, answer.headers().firstValue("Location").get()).toString()
                .split("\"sent\"", -1).length - 1 == 4, "all four recorded as sent");
    }

    @Test
    void aReceiverThatAsksForThreeSecondsGetsItsRetryAfterThreeSeconds() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        web.answer("/busy-endpoint", (socket, out) -> (tries.incrementAndGet() == 1
                ? answering("HTTP/1.1 429 Too Many Requests", "text/plain", "slow down", "Retry-After: 3")
                : answering("HTTP/1.1 202 Accepted", "text/plain", "ok")).write(socket, out));
        String source = article("busy", posts("busy", 1, "/busy-endpoint"));
        String location = askToSend(source).headers().firstValue("Location").orElseThrow();

        Await.until(Duration.ofSeconds(5), () -> tries.get() == 1, "the first try");
        Await.until(Duration.ofSeconds(5), () -> SendTest.outbound(linkback, location).get(0).path("outcome").asText().equals("pending-retry"),
                    "recorded as waiting");
        JsonNode waiting = SendTest.outbound(linkback, location).get(0);
        assertEquals(429, waiting.path("httpStatus").asInt(), waiting.toString());
        Instant due = Instant.parse(waiting.path("nextAttemptAt").asText());
        Instant sentFirst = Instant.now();
        assertTrue(Duration.between(sentFirst, due).toMillis() > 1_500, "retry at " + due + ", now " + sentFirst);

        Await.until(Duration.ofSeconds(10), () -> web.received("/busy-endpoint").size() == 2, "the retry");
        List<RawHttpServer.Received> posts = web.received("/busy-endpoint");
        long apart = (posts.get(1).nanoTime() - posts.get(0).nanoTime()) / 1_000_000;
        assertTrue(apart >= 2_900 && apart < 6_000, "retried after the 3 s it asked for, not the queue's backoff: " + apart + " ms");
        Await.until(Duration.ofSeconds(5), () -> SendTest.outbound(linkback, location).get(0).path("outcome").asText().equals("sent"), "sent");
    }

    @Test
    void theCommandPrintsEachLinkAsItCompletesAndNoWaitOnlyQueues() throws Exception {
        web.answer("/cli-endpoint", answering("HTTP/1.1 202 Accepted", "text/plain", "ok"));
        List<String> targets = posts("cli", 2, "/cli-endpoint");
        String source = article("cli", targets);
        Config cli = Config.builder().addSource(ConfigSources.create(
                TestLinkback.withDatabase(TestLinkback.yaml(TestLinkback.Settings.forSite(blog.url("/blog/"))), linkback.database())
                        .replace("port: 0", "port: " + URI.create(linkback.url("/")).getPort()), MediaTypes.APPLICATION_YAML)).build();

        List<String> printed = new ArrayList<>();
        List<String> counts = new ArrayList<>();
        SendCommand.Result result = SendCommand.run(cli, source, new SendCommand.Output(true, printed::add,
                                                                                          (done, all) -> counts.add(done + "/" + all + " done")));

        assertEquals(0, result.exitStatus(), result.lines().toString());
        assertEquals(Set.of(targets.get(0) + " webmention sent: accepted (202)", targets.get(1) + " webmention sent: accepted (202)"),
                     Set.copyOf(printed));
        assertEquals(printed, result.lines(), "printed as they completed");
        assertEquals("2/2 done", counts.getLast());
        assertTrue(counts.contains("0/2 done") || counts.contains("1/2 done"), "a count while it went on: " + counts);

        String later = article("cli-later", posts("cli-later", 1, "/cli-endpoint"));
        int before = web.received("/cli-endpoint").size();
        SendCommand.Result queued = SendCommand.run(cli, later, new SendCommand.Output(false, line -> { }, (done, all) -> { }));
        assertEquals(List.of(web.url("/cli-later/1") + " - queued"), queued.lines());
        Await.until(Duration.ofSeconds(10), () -> web.received("/cli-endpoint").size() == before + 1, "the server sent it afterwards");
    }
}
