package org.linkback.send;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.RawHttpServer;
import org.linkback.testing.TestLinkback;
import org.linkback.testing.WordPress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linkback.testing.RawHttpServer.answering;

/**
 * {@code ./linkback send} on an article that links to a real WordPress post (pingback), a
 * webmention site and a TrackBack-only blog (whose TrackBack URL is another WordPress post's):
 * all three are notified, WordPress shows the pingback and the TrackBack among its comments,
 * and the admin API lists what happened to each link.
 */
class SendToWordPressTest {

    private static WordPress wordpress;
    private static PageServer blog;
    private static RawHttpServer web;
    private static TestLinkback linkback;

    @BeforeAll
    static void start() {
        wordpress = WordPress.start("WordPress Receiver"); // skips the class, saying why, when WordPress cannot be installed
        blog = new PageServer();
        web = new RawHttpServer();
        linkback = TestLinkback.start(yaml());
    }

    /**
     * The default pacing (1 s between two notifications to one host): WordPress refuses a second
     * ping from one address within 15 s as a comment flood, and linkback waits only when it says so.
     */
    private static String yaml() {
        // the production default of attempts: three links to one WordPress take turns through its 15 s window
        return TestLinkback.yaml(TestLinkback.Settings.forSite(blog.url("/blog/"))).replace("max-attempts: 4", "max-attempts: 8");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {linkback, web, blog, wordpress}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // closing test peers
            }
        }
    }

    /** The webmention site and the TrackBack-only blog answer as "localhost", so they are paced apart from WordPress. */
    private static String local(String path) {
        return "http://localhost:" + web.port() + path;
    }

    @Test
    void oneSendNotifiesWordPressAWebmentionSiteAndATrackbackOnlyBlog() throws Exception {
        WordPress.Post pinged = wordpress.publish("A post we reply to", "<p>Something worth a reply.</p>", "");
        WordPress.Post trackedBack = wordpress.publish("A post behind a TrackBack-only page", "<p>Read on.</p>", "");
        web.answer("/notes/webmention-site", answering("HTTP/1.1 200 OK", "text/html",
                                                       "<html><head><link rel=\"webmention\" href=\"/endpoint\"></head><body>notes</body></html>"));
        web.answer("/endpoint", answering("HTTP/1.1 202 Accepted", "text/plain", "accepted"));
        String trackbackOnly = local("/old-blog/entry");
        web.answer("/old-blog/entry", answering("HTTP/1.1 200 OK", "text/html", """
                <html><body>An old blog.
                <!--
                <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
                         xmlns:dc="http://purl.org/dc/elements/1.1/"
                         xmlns:trackback="http://madskills.com/public/xml/rss/module/trackback/">
                <rdf:Description rdf:about="%s" dc:identifier="%s" dc:title="Old entry" trackback:ping="%s" />
                </rdf:RDF>
                -->
                </body></html>""".formatted(trackbackOnly, trackbackOnly, trackedBack.trackbackUrl())));
        blog.html("/blog/federation", """
                <html><head><title>Federation day | Test Blog</title></head><body><article class="h-entry">
                <h1 class="p-name">Federation day</h1><div class="e-content">
                <p>I reply to <a href="%s">a WordPress post</a>, mention <a href="%s">a webmention site</a>
                and send a TrackBack to <a href="%s">an old blog</a>.</p></div></article></body></html>
                """.formatted(pinged.url(), local("/notes/webmention-site"), trackbackOnly));
        String source = blog.url("/blog/federation");
        Config cli = Config.builder().addSource(ConfigSources.create(
                TestLinkback.withDatabase(yaml(), linkback.database()).replace("port: 0", "port: " + URI.create(linkback.url("/")).getPort()), MediaTypes.APPLICATION_YAML)).build();

        SendCommand.Result result = SendCommand.run(cli, source);

        assertEquals(0, result.exitStatus(), result.lines().toString());
        assertEquals(java.util.Set.of(pinged.url() + " pingback sent: registered",
                                      local("/notes/webmention-site") + " webmention sent: accepted (202)",
                                      trackbackOnly + " trackback sent: accepted"), java.util.Set.copyOf(result.lines()),
                     "each as it completed (the pingback and the TrackBack both go to WordPress: one waits out its flood check)");

        JsonNode pingbacks = wordpress.comments(pinged);
        assertEquals(1, pingbacks.size(), pingbacks.toString());
        assertEquals("pingback", pingbacks.get(0).path("type").asText());
        assertEquals(source, pingbacks.get(0).path("url").asText());
        JsonNode trackbacks = wordpress.comments(trackedBack);
        assertEquals(1, trackbacks.size(), trackbacks.toString());
        assertEquals("trackback", trackbacks.get(0).path("type").asText());
        assertEquals(source, trackbacks.get(0).path("url").asText());
        assertTrue(trackbacks.get(0).path("author").asText().contains("Test Blog"), trackbacks.toString());

        String outbound = linkback.get("/admin/api/outbound?source=" + URLEncoder.encode(source, StandardCharsets.UTF_8),
                                       "Authorization", "Bearer " + TestLinkback.Settings.ADMIN_TOKEN).body();
        JsonNode items = new ObjectMapper().readTree(outbound).path("items");
        assertEquals(3, items.size(), outbound);
        items.forEach(item -> assertEquals("sent", item.path("outcome").asText(), item.toString()));
    }

    @Test
    void threePingsFromOneArticleToOneWordPressAllArriveThroughItsFloodCheck() throws Exception {
        List<WordPress.Post> posts = List.of(wordpress.publish("First of three", "<p>One.</p>", ""),
                                             wordpress.publish("Second of three", "<p>Two.</p>", ""),
                                             wordpress.publish("Third of three", "<p>Three.</p>", ""));
        blog.html("/blog/three", """
                <html><head><title>Three replies | Test Blog</title></head><body><article class="h-entry">
                <h1 class="p-name">Three replies</h1><div class="e-content">
                <p>On <a href="%s">one</a>, <a href="%s">two</a> and <a href="%s">three</a>.</p></div></article></body></html>
                """.formatted(posts.get(0).url(), posts.get(1).url(), posts.get(2).url()));
        String source = blog.url("/blog/three");

        HttpResponse<String> asked = linkback.post("/admin/api/send", "application/json",
                                                   ("{\"source\":\"" + source + "\"}").getBytes(StandardCharsets.UTF_8),
                                                   "Authorization", "Bearer " + TestLinkback.Settings.ADMIN_TOKEN);
        assertEquals(202, asked.statusCode(), asked.body()); // at once; WordPress's flood window is waited out in the background
        assertEquals(3, new ObjectMapper().readTree(asked.body()).path("items").size(), asked.body());

        String list = "/admin/api/outbound?source=" + URLEncoder.encode(source, StandardCharsets.UTF_8);
        org.linkback.testing.Await.until(java.time.Duration.ofSeconds(120), () -> {
            JsonNode now = SendTest.outbound(linkback, list);
            return java.util.stream.StreamSupport.stream(now.spliterator(), false).allMatch(i -> i.path("outcome").asText().equals("sent"));
        }, () -> "all three sent: " + SendTest.outbound(linkback, list));
        for (WordPress.Post post : posts) {
            JsonNode comments = wordpress.comments(post);
            assertEquals(1, comments.size(), post.url() + ": " + comments);
            assertEquals("pingback", comments.get(0).path("type").asText());
        }
        JsonNode sent = SendTest.outbound(linkback, list);
        assertTrue(java.util.stream.StreamSupport.stream(sent.spliterator(), false).anyMatch(i -> i.path("attempts").asInt() >= 2),
                   "WordPress's flood answer was waited out, not taken as a refusal: " + sent);
    }
}
