package org.linkback.activitypub;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.linkback.testing.Await;
import org.linkback.testing.FedifyPeer;
import org.linkback.testing.PageServer;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real fediverse server (Fedify, {@link FedifyPeer}) follows a site, sees its new article,
 * and replies to, likes and boosts it: each becomes a backlink in every feed and the widget,
 * and leaves again when taken back. Fedify checks our signatures with its own code.
 */
class FediverseTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static PageServer blog;
    private static TestLinkback linkback;
    private static FedifyPeer peer;
    private static String ourActor;

    @BeforeAll
    static void start() throws IOException {
        peer = FedifyPeer.start();
        blog = new PageServer();
        blog.html("/blog/old", "<html><head><title>An old post</title></head><body><p>Old.</p></body></html>");
        blog.html("/blog/new", "<html><head><title>A new post</title></head><body><p>New.</p></body></html>");
        feed(List.of(entry("/blog/old", "An old post", Instant.parse("2026-10-01T10:00:00Z"))));
        linkback = TestLinkback.start(onItsOwnAddress(feedWatched(TestLinkback.yaml(TestLinkback.Settings.forSite(blog.url("/blog/"))))));
        ourActor = linkback.url("/ap/actors/test");
    }

    @AfterAll
    static void stop() {
        if (linkback != null) {
            linkback.close();
        }
        if (blog != null) {
            blog.close();
        }
        if (peer != null) {
            peer.close();
        }
    }

    /** The server's public URL must be where it listens: the peer fetches our actor and keys there. */
    static String onItsOwnAddress(String yaml) throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        return yaml.replace("  port: 0\n", "  port: " + port + "\n")
                .replace("public-url: http://linkback.test", "public-url: http://127.0.0.1:" + port);
    }

    static String feedWatched(String yaml) {
        return yaml.replace("      title: Test Blog\n", "      title: Test Blog\n      feed-url: " + blog.url("/blog/feed.xml") + "\n")
                + "  send:\n    feed-poll-ms: 200\n";
    }

    private static String entry(String path, String title, Instant published) {
        return "<entry><title>%s</title><id>tag:test,2026:%s</id><link href=\"%s\"/><published>%s</published><updated>%s</updated>"
                       .formatted(title, path, blog.url(path), published, published)
               + "<summary type=\"html\">&lt;p&gt;About " + title + "&lt;/p&gt;</summary></entry>";
    }

    private static void feed(List<String> entries) {
        blog.page("/blog/feed.xml", new PageServer.Page(200, "application/atom+xml", ("""
                <?xml version="1.0" encoding="utf-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom"><title>Test Blog</title><id>tag:test,2026:blog</id>
                <icon>%s</icon><updated>2026-12-01T00:00:00Z</updated>%s</feed>""")
                .formatted(blog.url("/icon.png"), String.join("", entries)).getBytes(StandardCharsets.UTF_8), 0, null));
    }

    private static JsonNode json(String path) throws IOException {
        HttpResponse<String> answer = linkback.get(path, "Accept", "application/activity+json");
        assertEquals(200, answer.statusCode(), path + ": " + answer.body());
        return JSON.readTree(answer.body());
    }

    private static String backlinks(String format, String article) {
        return linkback.get("/backlinks." + format + "?target=" + URLEncoder.encode(article, StandardCharsets.UTF_8)).body();
    }

    @Test
    void theSiteIsAnActorThatWebFingerFinds() throws IOException {
        String domain = ourActor.substring("http://".length(), ourActor.indexOf("/ap/"));
        JsonNode jrd = JSON.readTree(linkback.get("/.well-known/webfinger?resource=acct:test@" + domain).body());
        assertEquals("acct:test@" + domain, jrd.path("subject").asText());
        assertTrue(jrd.path("links").toString().contains(ourActor), jrd.toString());
        assertEquals(404, linkback.get("/.well-known/webfinger?resource=acct:nobody@" + domain).statusCode());

        JsonNode actor = json("/ap/actors/test");
        assertEquals(ourActor, actor.path("id").asText(), "the actor is served at its id");
        assertEquals("test", actor.path("preferredUsername").asText());
        assertEquals("Test Blog", actor.path("name").asText());
        assertEquals(ourActor + "/inbox", actor.path("inbox").asText());
        assertEquals(linkback.url("/ap/inbox"), actor.path("endpoints").path("sharedInbox").asText());
        assertFalse(actor.path("manuallyApprovesFollowers").asBoolean(true));
        assertTrue(actor.path("publicKey").path("publicKeyPem").asText().startsWith("-----BEGIN PUBLIC KEY-----"));
        assertEquals(ourActor, actor.path("publicKey").path("owner").asText());
    }

    @Test
    void aFollowIsAcceptedAndANewArticleReachesTheFollowerButTheBacklogDoesNot() throws IOException {
        Await.until(Duration.ofSeconds(15), () -> blog.count("/blog/feed.xml") >= 2, "the feed's first look");
        String domain = ourActor.substring("http://".length(), ourActor.indexOf("/ap/"));
        JsonNode follow = peer.call("follow", Map.of("handle", "test@" + domain));
        assertEquals(ourActor, follow.path("actor").asText(), "the peer found our actor through WebFinger");

        Await.until(Duration.ofSeconds(15), () -> peer.received("Accept").stream()
                .anyMatch(accept -> accept.path("actor").asText().equals(ourActor)), "the peer accepted our signed Accept");
        Await.until(Duration.ofSeconds(5), () -> json("/ap/actors/test/followers").path("totalItems").asInt() == 1, "one follower");

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        feed(List.of(entry("/blog/new", "A new post", now), entry("/blog/old", "An old post", Instant.parse("2026-10-01T10:00:00Z"))));
        Await.until(Duration.ofSeconds(15), () -> creates().stream().anyMatch(c -> urlOf(c).equals(blog.url("/blog/new"))),
                    () -> "the new article reached the peer; it received " + peer.received());
        JsonNode create = creates().stream().filter(c -> urlOf(c).equals(blog.url("/blog/new"))).findFirst().orElseThrow();
        assertEquals("shared", create.path("inbox").asText(), "delivered to the follower's shared inbox");
        assertEquals("A new post", create.path("activity").path("object").path("name").asText());
        assertTrue(creates().stream().noneMatch(c -> urlOf(c).equals(blog.url("/blog/old"))), "the backlog is not published");

        String objectId = create.path("activity").path("object").path("id").asText();
        assertTrue(objectId.startsWith(linkback.url("/ap/articles/")), objectId);
        JsonNode object = json(objectId.substring(linkback.url("").length()));
        assertEquals(objectId, object.path("id").asText(), "the article's object is served at its id");
        assertEquals(blog.url("/blog/new"), object.path("url").asText());
        assertEquals(blog.url("/icon.png"), json("/ap/actors/test").path("icon").path("url").asText(), "the feed's icon is the actor's");

        // the article changes, and an entry published three weeks ago appears: an Update, and nothing for the old one
        Instant later = now.plusSeconds(60);
        feed(List.of(entry("/blog/new", "A new post, corrected", now).replace("<updated>" + now + "</updated>", "<updated>" + later + "</updated>"),
                     entry("/blog/stale", "A stale post", now.minus(java.time.Duration.ofDays(21))),
                     entry("/blog/old", "An old post", Instant.parse("2026-10-01T10:00:00Z"))));
        Await.until(Duration.ofSeconds(15), () -> peer.received("Update").stream()
                            .anyMatch(u -> u.path("activity").path("object").path("name").asText().equals("A new post, corrected")),
                    () -> "the changed article reached the peer as an Update; it received " + peer.received());
        linkback.awaitNoJobs(); // every delivery of that poll made
        assertTrue(creates().stream().noneMatch(c -> urlOf(c).equals(blog.url("/blog/stale"))), "nothing published two weeks ago");

        peer.call("unfollow", Map.of("actor", ourActor, "follow", follow.path("activity").asText()));
        assertEquals(0, json("/ap/actors/test/followers").path("totalItems").asInt(), "Undo(Follow) forgets the follower");
    }

    private static List<JsonNode> creates() {
        return peer.received("Create");
    }

    private static String urlOf(JsonNode create) {
        return create.path("activity").path("object").path("url").asText();
    }

    @Test
    void repliesLikesAndBoostsBecomeBacklinksAndLeaveWhenTakenBack() throws IOException {
        String article = blog.url("/blog/old");
        JsonNode reply = peer.call("reply", Map.of("actor", ourActor, "inReplyTo", article,
                                                   "content", "<p>What a fine post, <script>alert(1)</script>thank you!</p>"));
        JsonNode like = peer.call("like", Map.of("actor", ourActor, "object", article));
        JsonNode boost = peer.call("announce", Map.of("actor", ourActor, "object", article));

        // the inbox acts before it answers: the peer's calls returned, so the backlinks are there
        JsonNode feed = JSON.readTree(backlinks("json", article));
        assertEquals(3, feed.path("items").size(), feed.toString());
        for (String type : List.of("reply", "like", "repost")) {
            assertTrue(feed.toString().contains("\"type\":\"" + type + "\""), type + " in " + feed);
        }
        for (JsonNode item : feed.path("items")) {
            assertEquals("activitypub", item.path("_linkback").path("kind").asText());
            assertEquals("Alice Peer", item.path("authors").path(0).path("name").asText(), item.toString());
        }
        assertFalse(feed.toString().contains("<script>"), "the reply's text is sanitized");
        for (String format : List.of("atom", "rss", "jf2")) {
            assertTrue(backlinks(format, article).contains("Alice Peer"), format);
        }
        String embed = linkback.get("/embed?target=" + URLEncoder.encode(article, StandardCharsets.UTF_8)).body();
        assertTrue(embed.contains("Alice Peer"), embed);

        peer.call("update", Map.of("actor", ourActor, "note", reply.path("note").asText(), "content", "<p>Edited: a fine post.</p>"));
        assertTrue(backlinks("json", article).contains("Edited: a fine post."), "Update changes the reply");

        peer.call("undo", Map.of("actor", ourActor, "activity", like.path("activity").asText()));
        peer.call("delete", Map.of("actor", ourActor, "note", reply.path("note").asText()));
        feed = JSON.readTree(backlinks("json", article));
        assertEquals(1, feed.path("items").size(), "only the boost is left: " + feed);
        peer.call("undo", Map.of("actor", ourActor, "activity", boost.path("activity").asText()));
        assertEquals(0, JSON.readTree(backlinks("json", article)).path("items").size());

        String audit = linkback.get("/admin/api/audit?limit=50", "Authorization", "Bearer " + TestLinkback.Settings.ADMIN_TOKEN).body();
        assertTrue(audit.contains("activitypub"), "the audit log names the kind: " + audit);
    }

    @Test
    void theArticlesPageLeadsTheFediverseToItsObject() throws IOException {
        String article = blog.url("/blog/old");
        JsonNode snippets = JSON.readTree(linkback.get("/discovery?target=" + URLEncoder.encode(article, StandardCharsets.UTF_8),
                                                       "Accept", "application/json").body());
        String link = snippets.path("activityPubLink").asText();
        String href = org.jsoup.Jsoup.parse(link).selectFirst("link[rel=alternate]").attr("href");
        JsonNode object = json(href.substring(linkback.url("").length()));
        assertEquals("Article", object.path("type").asText());
        assertEquals(article, object.path("url").asText());
        assertEquals(ourActor, object.path("attributedTo").asText());
        assertEquals(href, object.path("id").asText(), "its id is the link (Mastodon takes nothing else from a page's link)");

        JsonNode reply = peer.call("reply", Map.of("actor", ourActor, "inReplyTo", href, "content", "<p>Found it by its link.</p>"));
        assertTrue(backlinks("json", article).contains("Found it by its link."), "a reply to that object is the article's");
        peer.call("delete", Map.of("actor", ourActor, "note", reply.path("note").asText()));
    }

    @Test
    void aReplyThatIsNotPublicIsNeverPublished() throws IOException {
        String article = blog.url("/blog/old");
        peer.call("reply", Map.of("actor", ourActor, "inReplyTo", article, "content", "<p>Just between us.</p>", "public", false));
        assertFalse(backlinks("json", article).contains("Just between us."));
        String held = linkback.get("/admin/api/mentions?limit=100", "Authorization", "Bearer " + TestLinkback.Settings.ADMIN_TOKEN).body();
        assertFalse(held.contains("Just between us."), "not even stored: " + held);
    }
}
