package org.linkback.send;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.linkback.config.LinkbackConfig;
import org.linkback.fetch.SafeFetcher;
import org.linkback.testing.Await;
import org.linkback.testing.PageServer;
import org.linkback.testing.RawHttpServer;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linkback.testing.RawHttpServer.answering;

/**
 * Our articles notify what they link to: every discovery rule, every protocol, retries,
 * pacing and re-sending after an edit, against real local receivers.
 */
class SendTest {

    private static final String TOKEN = TestLinkback.Settings.ADMIN_TOKEN;
    private static final int PACE_MS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PageServer blog;
    private static RawHttpServer web;
    private static PingbackReceiver pingbacks;
    private static TestLinkback linkback;

    @BeforeAll
    static void start() throws Exception {
        blog = new PageServer();
        web = new RawHttpServer();
        pingbacks = new PingbackReceiver();
        linkback = TestLinkback.start(yaml(blog.url("/blog/")));
        web.answer("/webmention", answering("HTTP/1.1 202 Accepted", "text/plain", "accepted"));
        web.answer("/trackback", answering("HTTP/1.1 200 OK", "text/xml",
                                           "<?xml version=\"1.0\" encoding=\"utf-8\"?><response><error>0</error></response>"));
    }

    /** A test server's YAML with quick pacing and retries. */
    static String yaml(String siteBaseUrl) {
        return TestLinkback.yaml(TestLinkback.Settings.forSite(siteBaseUrl))
                .replace("  queue:\n", "  send:\n    per-host-interval-ms: " + PACE_MS + "\n  queue:\n");
    }

    @AfterAll
    static void stop() {
        linkback.close();
        pingbacks.close();
        web.close();
        blog.close();
    }

    /** Publishes an article of ours linking to these URLs (plus navigation that must not count). */
    private static String article(String name, String... links) {
        StringBuilder body = new StringBuilder("<html><head><title>" + name + " | Test Blog</title></head><body>"
                                               + "<nav><a href=\"" + web.url("/nav-only") + "\">menu</a></nav><article><p>Notes on "
                                               + name + ".</p>");
        for (String link : links) {
            body.append("<p>See <a href=\"").append(link).append("\">this</a>.</p>");
        }
        body.append("<p><a href=\"http://127.0.0.1:").append(web.port()).append("/\">a home page</a></p></article>")
                .append("<footer><a href=\"").append(web.url("/footer-only")).append("\">x</a></footer></body></html>");
        blog.html("/blog/" + name, body.toString());
        return blog.url("/blog/" + name);
    }

    /** Asks for the article's notifications (202 at once), then waits until each has been tried once. */
    static JsonNode send(TestLinkback linkback, String source) throws Exception {
        HttpResponse<String> answer = linkback.post("/admin/api/send", "application/json",
                                                    JSON.writeValueAsBytes(Map.of("source", source)), "Authorization", "Bearer " + TOKEN);
        assertEquals(202, answer.statusCode(), answer.body());
        String location = answer.headers().firstValue("Location").orElseThrow();
        assertEquals("/admin/api/outbound?source=" + java.net.URLEncoder.encode(source, StandardCharsets.UTF_8), location);
        JsonNode[] items = {JSON.readTree(answer.body()).path("items")};
        Await.until(Duration.ofSeconds(30), () -> {
            items[0] = outbound(linkback, location);
            return java.util.stream.StreamSupport.stream(items[0].spliterator(), false)
                    .noneMatch(item -> item.path("outcome").asText().equals("pending"));
        }, () -> "each link tried once: " + items[0]);
        return items[0];
    }

    static JsonNode outbound(TestLinkback linkback, String location) {
        try {
            return JSON.readTree(linkback.get(location, "Authorization", "Bearer " + TOKEN).body()).path("items");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode send(String source) throws Exception {
        return send(linkback, source);
    }

    private static Map<String, JsonNode> byTarget(JsonNode items) {
        Map<String, JsonNode> map = new HashMap<>();
        items.forEach(item -> map.put(item.path("target").asText(), item));
        return map;
    }

    private static String html(String head, String body) {
        return "<html><head>" + head + "</head><body>" + body + "</body></html>";
    }

    @Test
    void aLinkHeaderWinsOverHtmlAndOnlyTheContentsLinksAreNotified() throws Exception {
        String target = web.url("/post/header");
        web.answer("/post/header", answering("HTTP/1.1 200 OK", "text/html",
                                             html("<link rel=\"webmention\" href=\"/wrong\">", "post"),
                                             "Link: </webmention?from=header>; rel=\"webmention\"",
                                             "X-Pingback: " + pingbacks.url()));
        String source = article("header", target);

        JsonNode items = send(source);

        assertEquals(1, items.size(), "navigation, footer and a bare home page are not notified: " + items);
        JsonNode item = items.get(0);
        assertEquals("webmention", item.path("protocol").asText(), "webmention is preferred to pingback");
        assertEquals("sent", item.path("outcome").asText(), item.toString());
        assertEquals(web.url("/webmention?from=header"), item.path("endpoint").asText());
        assertTrue(pingbacks.callsFor(target).isEmpty());
        RawHttpServer.Received post = web.received("/webmention").stream()
                .filter(r -> target.equals(r.formField("target"))).findFirst().orElseThrow();
        assertEquals(source, post.formField("source"));
    }

    @Test
    void theFirstLinkOrAnchorInDocumentOrderCountsAndCommentsDoNot() throws Exception {
        String target = web.url("/post/html");
        web.answer("/post/html", answering("HTTP/1.1 200 OK", "text/html",
                                           html("<!-- <link rel=\"webmention\" href=\"/commented\"> -->",
                                                "<p>&lt;link rel=\"webmention\" href=\"/escaped\"&gt;</p>"
                                                + "<a rel=\"nofollow Webmention\" href=\"/webmention?from=anchor\">endpoint</a>"
                                                + "<link rel=\"webmention\" href=\"/webmention?from=later\">")));

        JsonNode item = send(article("html", target)).get(0);

        assertEquals(web.url("/webmention?from=anchor"), item.path("endpoint").asText(), item.toString());
    }

    @Test
    void severalLinkHeadersAndCommaSeparatedValuesAreRead() throws Exception {
        String target = web.url("/post/headers");
        web.answer("/post/headers", answering("HTTP/1.1 200 OK", "text/html", html("", "post"),
                                              "Link: <https://example.invalid/style.css>; rel=\"preload\"",
                                              "Link: <https://example.invalid/a,b>; rel=\"alternate\", "
                                              + "</webmention?from=second>; rel=\"webmention other\""));

        JsonNode item = send(article("headers", target)).get(0);

        assertEquals(web.url("/webmention?from=second"), item.path("endpoint").asText(), item.toString());
    }

    @Test
    void anEmptyHrefIsThePageItselfAfterRedirects() throws Exception {
        String target = web.url("/post/moved");
        web.answer("/post/moved", answering("HTTP/1.1 301 Moved Permanently", "text/html", "", "Location: /post/here?lang=en"));
        web.answer("/post/here", answering("HTTP/1.1 200 OK", "text/html", html("<link rel=\"webmention\" href=\"\">", "post"),
                                           "X-Webmention-Receiver: itself"));

        JsonNode item = send(article("moved", target)).get(0);

        assertEquals(web.url("/post/here?lang=en"), item.path("endpoint").asText(), item.toString());
        assertFalse(web.received("/post/here").stream().filter(r -> r.method().equals("POST")).toList().isEmpty(),
                    "the page itself got the webmention");
    }

    @Test
    void anXPingbackHeaderWinsOverTheLinkElementAndAnIndependentServerRegistersIt() throws Exception {
        String target = web.url("/post/pingback");
        web.answer("/post/pingback", answering("HTTP/1.1 200 OK", "text/html",
                                               html("<link rel=\"pingback\" href=\"/wrong-xmlrpc\">", "post"),
                                               "X-Pingback: " + pingbacks.url()));
        String source = article("pingback", target);

        JsonNode item = send(source).get(0);

        assertEquals("pingback", item.path("protocol").asText());
        assertEquals("sent", item.path("outcome").asText(), item.toString());
        List<String[]> calls = pingbacks.callsFor(target);
        assertEquals(1, calls.size());
        assertEquals(source, calls.getFirst()[0]);
    }

    @Test
    void aPingbackLinkElementHasItsEntitiesExpanded() throws Exception {
        String target = web.url("/post/entities");
        web.answer("/post/entities", answering("HTTP/1.1 200 OK", "text/html",
                                               html("<link rel=\"pingback\" href=\"/xmlrpc-raw?a=1&amp;b=2\">", "post")));
        web.answer("/xmlrpc-raw", answering("HTTP/1.1 200 OK", "text/xml",
                                            "<?xml version=\"1.0\"?><methodResponse><params><param><value><string>ok</string>"
                                            + "</value></param></params></methodResponse>"));

        JsonNode item = send(article("entities", target)).get(0);

        assertEquals(web.url("/xmlrpc-raw?a=1&b=2"), item.path("endpoint").asText(), item.toString());
        RawHttpServer.Received call = web.received("/xmlrpc-raw").getFirst();
        assertTrue(call.body().contains("<methodName>pingback.ping</methodName>"), call.body());
        assertTrue(call.body().contains(target), call.body());
    }

    @Test
    void aTrackbackOnlyPageIsFoundByItsRdfBlockAndGetsAllFourFields() throws Exception {
        String target = web.url("/post/trackback");
        String rdf = """
                <!--
                <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
                         xmlns:dc="http://purl.org/dc/elements/1.1/"
                         xmlns:trackback="http://madskills.com/public/xml/rss/module/trackback/">
                <rdf:Description rdf:about="%s" dc:identifier="%s" dc:title="A post"
                    trackback:ping="/trackback?id=7" />
                </rdf:RDF>
                -->""".formatted(target, target);
        web.answer("/post/trackback", answering("HTTP/1.1 200 OK", "text/html", html("", "post" + rdf)));
        String source = article("trackback-only", target);
        blog.html("/blog/trackback-only", html("<title>TrackBack only | Test Blog</title>", "<article><p>" + "Long words. ".repeat(60)
                                                                                            + "<a href=\"" + target + "\">a post</a></p></article>"));

        JsonNode item = send(source).get(0);

        assertEquals("trackback", item.path("protocol").asText(), item.toString());
        assertEquals("sent", item.path("outcome").asText(), item.toString());
        RawHttpServer.Received ping = web.received("/trackback").stream()
                .filter(r -> source.equals(r.formField("url"))).findFirst().orElseThrow();
        assertFalse(ping.formField("title").isBlank());
        assertEquals("Test Blog", ping.formField("blog_name"));
        assertTrue(!ping.formField("excerpt").isBlank() && ping.formField("excerpt").length() <= 252, ping.formField("excerpt"));
    }

    @Test
    void aPageWithoutEndpointsIsNoEndpoint() throws Exception {
        String target = web.url("/post/silent");
        web.answer("/post/silent", answering("HTTP/1.1 200 OK", "text/html", html("", "<!-- rel=\"webmention\" -->nothing")));

        JsonNode item = send(article("silent", target)).get(0);

        assertEquals("no-endpoint", item.path("outcome").asText(), item.toString());
    }

    @Test
    void aTransientFailureIsRetriedFromTheQueue() throws Exception {
        String target = web.url("/post/busy");
        AtomicInteger tries = new AtomicInteger();
        web.answer("/post/busy", answering("HTTP/1.1 200 OK", "text/html", html("<link rel=\"webmention\" href=\"/busy-endpoint\">", "")));
        web.answer("/busy-endpoint", (socket, out) -> (tries.incrementAndGet() == 1
                ? answering("HTTP/1.1 503 Service Unavailable", "text/plain", "later")
                : answering("HTTP/1.1 202 Accepted", "text/plain", "ok")).write(socket, out));
        String source = article("busy", target);

        send(source);

        String list = "/admin/api/outbound?source=" + java.net.URLEncoder.encode(source, StandardCharsets.UTF_8);
        Await.until(Duration.ofSeconds(15), () -> linkback.get(list, "Authorization", "Bearer " + TOKEN).body().contains("\"outcome\":\"sent\""),
                    () -> "retried until sent: " + linkback.get(list, "Authorization", "Bearer " + TOKEN).body());
        assertEquals(2, tries.get(), "the 503, then the retry");
        assertEquals(2, outbound(linkback, list).get(0).path("attempts").asInt());
    }

    @Test
    void notificationsToOneHostArePaced() throws Exception {
        String first = web.url("/post/paced-1");
        String second = web.url("/post/paced-2");
        for (String path : new String[] {"/post/paced-1", "/post/paced-2"}) {
            web.answer(path, answering("HTTP/1.1 200 OK", "text/html", html("<link rel=\"webmention\" href=\"/paced-endpoint\">", "")));
        }
        web.answer("/paced-endpoint", answering("HTTP/1.1 202 Accepted", "text/plain", "ok"));

        send(article("paced", first, second));

        List<RawHttpServer.Received> posts = web.received("/paced-endpoint");
        assertEquals(2, posts.size());
        long apart = Math.abs(posts.get(1).nanoTime() - posts.get(0).nanoTime());
        assertTrue(apart >= Duration.ofMillis(PACE_MS - 20).toNanos(), "two notifications to one host " + apart / 1_000_000 + " ms apart");
    }

    @Test
    void sendingAgainAfterAnEditNotifiesNewAndRemovedLinksButNotUnchangedOnes() throws Exception {
        String kept = web.url("/post/kept");
        String removed = web.url("/post/removed");
        String added = web.url("/post/added");
        for (String path : new String[] {"/post/kept", "/post/removed", "/post/added"}) {
            web.answer(path, answering("HTTP/1.1 200 OK", "text/html", html("<link rel=\"webmention\" href=\"/edit-endpoint\">", "")));
        }
        web.answer("/edit-endpoint", answering("HTTP/1.1 202 Accepted", "text/plain", "ok"));
        String source = article("edited", kept, removed);
        send(source);

        article("edited", kept, added);
        Map<String, JsonNode> after = byTarget(send(source));

        Map<String, Long> posts = new HashMap<>();
        web.received("/edit-endpoint").forEach(r -> posts.merge(r.formField("target"), 1L, Long::sum));
        assertEquals(1L, posts.get(kept), "an unchanged, sent link is not sent again");
        assertEquals(2L, posts.get(removed), "a removed link gets a webmention again, to see it is gone");
        assertEquals(1L, posts.get(added));
        assertFalse(after.get(removed).path("linked").asBoolean());
        assertTrue(after.get(added).path("linked").asBoolean());
        assertEquals(Set.of(kept, removed, added), after.keySet());
    }

    @Test
    void theOutboundListShowsEachLinkAndTheApiRefusesOtherSites() throws Exception {
        String target = web.url("/post/listed");
        web.answer("/post/listed", answering("HTTP/1.1 200 OK", "text/html", html("<link rel=\"webmention\" href=\"/webmention\">", "")));
        String source = article("listed", target);
        send(source);

        HttpResponse<String> list = linkback.get("/admin/api/outbound?source=" + java.net.URLEncoder.encode(source, StandardCharsets.UTF_8),
                                                 "Authorization", "Bearer " + TOKEN);
        JsonNode item = JSON.readTree(list.body()).path("items").get(0);
        assertEquals(target, item.path("target").asText());
        assertEquals("webmention", item.path("protocol").asText());
        assertEquals("sent", item.path("outcome").asText());
        assertNotNull(item.path("sentAt").asText(null));

        HttpResponse<String> notOurs = linkback.post("/admin/api/send", "application/json",
                                                     JSON.writeValueAsBytes(Map.of("source", web.url("/post/listed"))),
                                                     "Authorization", "Bearer " + TOKEN);
        assertEquals(400, notOurs.statusCode());
        assertEquals(401, linkback.post("/admin/api/send", "application/json", "{}".getBytes(StandardCharsets.UTF_8)).statusCode());
    }

    @Test
    void theCommandGoesThroughTheRunningServer() throws Exception {
        String target = web.url("/post/cli");
        web.answer("/post/cli", answering("HTTP/1.1 200 OK", "text/html", html("<link rel=\"webmention\" href=\"/webmention\">", "")));
        String source = article("cli", target);
        String yaml = TestLinkback.withDatabase(yaml(blog.url("/blog/")), linkback.database()).replace("port: 0", "port: " + URI.create(linkback.url("/")).getPort());

        SendCommand.Result result = SendCommand.run(io.helidon.config.Config.builder()
                                                            .addSource(io.helidon.config.ConfigSources.create(yaml, io.helidon.common.media.type.MediaTypes.APPLICATION_YAML))
                                                            .build(), source);

        assertEquals(0, result.exitStatus(), result.lines().toString());
        assertEquals(List.of(target + " webmention sent: accepted (202)"), result.lines());
    }

    @Test
    void anEndpointOnAPrivateAddressIsRefusedWithoutARequest() {
        SafeFetcher strict = new SafeFetcher(new LinkbackConfig.Fetch(Duration.ofSeconds(2), Duration.ofSeconds(2), 65_536, 3, false),
                                             URI.create("http://linkback.test"), origin -> false);
        Notifier notifier = new Notifier(strict);
        int before = web.received("/private-endpoint").size();

        SendFailure failure = assertThrows(SendFailure.class, () -> notifier.notify(
                new Endpoint(Protocol.WEBMENTION, URI.create(web.url("/private-endpoint"))),
                new Notifier.Article(URI.create("https://blog.example/post"), "Post", "text", "Blog"),
                URI.create("https://other.example/")));

        assertFalse(failure.isTransient());
        assertTrue(failure.getMessage().contains("non-public"), failure.getMessage());
        assertEquals(before, web.received("/private-endpoint").size(), "no request was made");
        strict.close();
    }

    @Test
    void aPingbackAlreadyRegisteredIsSentAndOtherFaultsAreFailures() {
        SafeFetcher fetcher = new SafeFetcher(new LinkbackConfig.Fetch(Duration.ofSeconds(2), Duration.ofSeconds(2), 65_536, 3, true),
                                              URI.create("http://linkback.test"), origin -> false);
        Notifier notifier = new Notifier(fetcher);
        Endpoint endpoint = new Endpoint(Protocol.PINGBACK, URI.create(pingbacks.url()));
        Notifier.Article article = new Notifier.Article(URI.create(blog.url("/blog/twice")), "Twice", "x", "Blog");
        URI target = URI.create(web.url("/post/twice"));

        assertEquals("registered", notifier.notify(endpoint, article, target));
        assertEquals("registered already (fault 48)", notifier.notify(endpoint, article, target));

        web.answer("/fault-rpc", answering("HTTP/1.1 200 OK", "text/xml",
                                           "<?xml version=\"1.0\"?><methodResponse><fault><value><struct><member><name>faultCode</name>"
                                           + "<value><int>17</int></value></member><member><name>faultString</name><value><string>"
                                           + "no link</string></value></member></struct></value></fault></methodResponse>"));
        SendFailure failure = assertThrows(SendFailure.class,
                                           () -> notifier.notify(new Endpoint(Protocol.PINGBACK, URI.create(web.url("/fault-rpc"))), article, target));
        assertEquals(17, failure.faultCode());
        assertFalse(failure.isTransient());
        fetcher.close();
    }
}
