package org.linkback.activitypub;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inboxes take only what its actor signed, as Mastodon signs: a wrong digest, a stale date,
 * a key on another host, no signature at all, each get 401 and store nothing. A rotated key is
 * fetched again. Whatever the activity's shape, the answer is never a 500.
 */
class InboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH = "Bearer " + TestLinkback.Settings.ADMIN_TOKEN;

    private static PageServer blog;
    private static TestLinkback linkback;

    @BeforeAll
    static void start() {
        blog = new PageServer();
        for (String post : List.of("/blog/one", "/blog/two", "/blog/three", "/quiet/post")) {
            blog.html(post, "<html><head><title>A post</title></head><body><p>Hello.</p></body></html>");
        }
        String yaml = TestLinkback.yaml(TestLinkback.Settings.forSite(blog.url("/blog/")))
                .replace("  fetch:\n", """
                            - name: quiet
                              base-url: %s
                              fediverse-reactions: replies-only
                            - name: off
                              base-url: %s
                              fediverse: false
                          fetch:
                        """.formatted(blog.url("/quiet/"), blog.url("/off/")));
        linkback = TestLinkback.start(yaml);
    }

    @AfterAll
    static void stop() {
        linkback.close();
        blog.close();
    }

    private static long activityPubBacklinks(String article) throws IOException {
        JsonNode items = JSON.readTree(linkback.get("/admin/api/mentions?limit=500", "Authorization", AUTH).body()).path("items");
        long count = 0;
        for (JsonNode item : items) {
            if (item.path("kind").asText().equals("activitypub") && item.path("target").asText().equals(article)
                && !item.path("status").asText().equals("deleted")) {
                count++;
            }
        }
        return count;
    }

    @Test
    void onlyWhatTheActorSignedIsTaken() throws IOException {
        String article = blog.url("/blog/one");
        try (SignedActor bob = SignedActor.on("127.0.0.1", "bob"); PageServer elsewhere = PageServer.on("127.0.0.2")) {
            assertEquals(401, bob.post(linkback, "/ap/inbox", bob.activity("Like", article),
                                       h -> h.put("Digest", HttpSignatures.digest(SignedActor.utf8("{}")))).statusCode(), "wrong digest");
            String stale = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC).format(Instant.now().minusSeconds(7200));
            HttpResponse<String> old = bob.post(linkback, "/ap/inbox", bob.activity("Like", article), h -> h.put("Date", stale));
            assertEquals(401, old.statusCode(), "a Date two hours old (the signature was made over it, so it verifies but is stale)");
            assertEquals(401, bob.post(linkback, "/ap/inbox", bob.activity("Like", article), h -> h.remove("Signature")).statusCode(),
                         "unsigned");
            assertEquals(401, bob.post(linkback, "/ap/actors/test/inbox", bob.activity("Like", article),
                                       h -> h.put("Signature", h.get("Signature").replace("headers=\"(request-target) host date digest content-type\"",
                                                                                          "headers=\"date\""))).statusCode(),
                         "a signature that does not cover the request");
            HttpResponse<String> forged = bob.post(linkback, "/ap/inbox", bob.activity("Like", article),
                                                   h -> h.put("Signature", h.get("Signature").replaceFirst("signature=\"[A-Za-z0-9+/]{8}",
                                                                                                          "signature=\"AAAAAAAA")));
            assertEquals(401, forged.statusCode(), "a signature that does not verify");
            bob.keyOn(elsewhere);
            HttpResponse<String> otherHost = bob.post(linkback, "/ap/inbox", bob.activity("Like", article));
            assertEquals(401, otherHost.statusCode(), "a keyId on another host than the actor's");
            assertTrue(otherHost.body().contains("actor's host"), otherHost.body());
            assertEquals(0, activityPubBacklinks(article), "nothing refused was stored");
        }
        try (SignedActor carol = SignedActor.on("127.0.0.1", "carol")) {
            assertEquals(202, carol.post(linkback, "/ap/inbox", carol.activity("Like", article)).statusCode());
            assertEquals(1, activityPubBacklinks(article), "a well-signed like is a backlink");
            assertEquals(202, carol.post(linkback, "/ap/actors/test/inbox", carol.activity("Announce", article)).statusCode());
            assertEquals(2, activityPubBacklinks(article));
            HttpResponse<String> hs2019 = carol.post(linkback, "/ap/inbox", carol.activity("Like", blog.url("/blog/two")),
                                                     h -> h.put("Signature", h.get("Signature").replace("rsa-sha256", "hs2019")));
            assertEquals(202, hs2019.statusCode(), "hs2019 with an RSA key is RSA-SHA256");
        }
    }

    @Test
    void noShapeOfActivityIsA500() throws IOException {
        String article = blog.url("/blog/three");
        try (SignedActor dave = SignedActor.on("127.0.0.1", "dave")) {
            List<Object> shapes = List.of(
                    dave.activity("Like", Map.of("deep", List.of(1, 2, Map.of("x", "y")))),
                    dave.activity("Create", article),
                    dave.activity("Create", Map.of("type", "Note", "id", 7, "inReplyTo", List.of())),
                    dave.activity("Create", Map.of("type", List.of("Note"), "id", dave.server.url("/n/1"), "inReplyTo", Map.of("id", 3),
                                                   "content", 12)),
                    dave.activity("Undo", "not-a-url"),
                    dave.activity("Delete", List.of()),
                    dave.activity("Announce", "https://[broken/"),
                    dave.activity("Question", Map.of()),
                    dave.activity(List.of("Like", "Extra").toString(), article),
                    Map.of("id", dave.server.url("/likes/1"), "type", "Like", "actor", dave.id, "object", Map.of("id", article)),
                    Map.of("type", "Follow", "actor", dave.id, "object", linkback.url("/ap/actors/nobody")));
            for (Object shape : shapes) {
                int status = dave.post(linkback, "/ap/inbox", shape).statusCode();
                assertEquals(202, status, "a well-signed activity we do not handle is taken and ignored: " + shape);
            }
            assertEquals(400, dave.post(linkback, "/ap/inbox", SignedActor.utf8("[1, 2")).statusCode(), "not JSON");
            assertEquals(400, dave.post(linkback, "/ap/inbox", Map.of("type", "Like")).statusCode(), "no actor");
            assertEquals(413, dave.post(linkback, "/ap/inbox", SignedActor.utf8("{\"a\":\"" + "x".repeat(300_000) + "\"}")).statusCode());
            assertEquals(1, activityPubBacklinks(article), "only the Like of an object naming the article by id was taken");
        }
    }

    @Test
    void aSiteMayTakeRepliesOnlyOrNothingFromTheFediverse() throws IOException {
        String quiet = blog.url("/quiet/post");
        try (SignedActor erin = SignedActor.on("127.0.0.1", "erin")) {
            assertEquals(202, erin.post(linkback, "/ap/inbox", erin.activity("Like", quiet)).statusCode());
            assertEquals(0, activityPubBacklinks(quiet), "a replies-only site takes no likes");
            Map<String, Object> note = Map.of("type", "Note", "id", erin.server.url("/notes/1"), "attributedTo", erin.id,
                                              "inReplyTo", quiet, "content", "<p>Nice.</p>",
                                              "to", List.of("https://www.w3.org/ns/activitystreams#Public"));
            assertEquals(202, erin.post(linkback, "/ap/inbox", erin.activity("Create", note)).statusCode());
            assertEquals(1, activityPubBacklinks(quiet), "but replies");
        }
        assertEquals(404, linkback.get("/ap/actors/off", "Accept", "application/activity+json").statusCode(), "fediverse: false");
        assertEquals(404, linkback.get("/.well-known/webfinger?resource=acct:off@linkback.test").statusCode());
        assertEquals(200, linkback.get("/.well-known/webfinger?resource=acct:quiet@linkback.test").statusCode());

        JsonNode off = JSON.readTree(linkback.request("PATCH", "/admin/api/sites/quiet", "application/json",
                                                      SignedActor.utf8("{\"fediverse\": false}"), "Authorization", AUTH).body());
        assertEquals(false, off.path("fediverse").asBoolean(true), off.toString());
        assertEquals(404, linkback.get("/ap/actors/quiet", "Accept", "application/activity+json").statusCode(), "turned off at runtime");
        JsonNode on = JSON.readTree(linkback.request("PATCH", "/admin/api/sites/quiet", "application/json",
                                                     SignedActor.utf8("{\"fediverseReactions\": \"replies-only\"}"), "Authorization", AUTH).body());
        assertEquals("replies-only", on.path("fediverseReactions").asText(), on.toString());
        assertEquals(200, linkback.get("/ap/actors/quiet", "Accept", "application/activity+json").statusCode());

        // @quiet@quiet.example: the blog's own WebFinger sends here, and we answer with its domain both ways
        linkback.request("PATCH", "/admin/api/sites/quiet", "application/json", SignedActor.utf8("{\"fediverseDomain\": \"quiet.example\"}"),
                         "Authorization", AUTH);
        for (String asked : List.of("acct:quiet@quiet.example", "acct:quiet@linkback.test")) {
            JsonNode jrd = JSON.readTree(linkback.get("/.well-known/webfinger?resource=" + asked).body());
            assertEquals("acct:quiet@quiet.example", jrd.path("subject").asText(), asked);
        }
        assertEquals(404, linkback.get("/.well-known/webfinger?resource=acct:test@quiet.example").statusCode(), "another site's domain");
    }

    @Test
    void deletingAnActorTakesDownWhatItSaidAndItsFollow() throws IOException {
        String article = blog.url("/blog/two");
        try (SignedActor frank = SignedActor.on("127.0.0.1", "frank")) {
            assertEquals(202, frank.post(linkback, "/ap/actors/test/inbox", frank.activity("Follow", "http://linkback.test/ap/actors/test"))
                    .statusCode());
            assertTrue(followers() >= 1);
            long before = activityPubBacklinks(article);
            assertEquals(202, frank.post(linkback, "/ap/inbox", frank.activity("Like", article)).statusCode());
            assertEquals(before + 1, activityPubBacklinks(article));
            linkback.awaitNoJobs();
            assertTrue(frank.server.requests().stream().anyMatch(r -> r.path().equals("/users/frank/inbox")), "our Accept was delivered");

            assertEquals(202, frank.post(linkback, "/ap/inbox", frank.activity("Delete", frank.id)).statusCode());
            assertEquals(before, activityPubBacklinks(article), "its like is gone");
            assertEquals(0, followers(), "and its follow");
        }
    }

    @Test
    void onlyItsAuthorChangesOrTakesDownAReaction() throws IOException {
        String article = blog.url("/quiet/post");
        try (SignedActor ivan = SignedActor.on("127.0.0.1", "ivan"); SignedActor judy = SignedActor.besides(ivan, "judy")) {
            Map<String, Object> note = new LinkedHashMap<>(Map.of(
                    "type", "Note", "id", ivan.server.url("/notes/ivan-1"), "attributedTo", ivan.id, "inReplyTo", article,
                    "content", "<p>Ivan's own words.</p>", "to", List.of("https://www.w3.org/ns/activitystreams#Public")));
            assertEquals(202, ivan.post(linkback, "/ap/inbox", ivan.activity("Create", note)).statusCode());
            assertTrue(feed(article).contains("Ivan's own words."));

            // another account of the same server: its Update of Ivan's note, as itself or unattributed, changes nothing
            Map<String, Object> hijack = new LinkedHashMap<>(note);
            hijack.put("content", "<p>Judy's spam.</p>");
            hijack.put("attributedTo", judy.id);
            assertEquals(202, judy.post(linkback, "/ap/inbox", judy.activity("Update", hijack)).statusCode());
            hijack.remove("attributedTo");
            assertEquals(202, judy.post(linkback, "/ap/inbox", judy.activity("Update", hijack)).statusCode());
            assertTrue(feed(article).contains("Ivan's own words.") && !feed(article).contains("Judy"), feed(article));

            // a webmention naming the same pair does not re-check it away (the note's page links nowhere)
            assertEquals(202, linkback.postForm("/webmention", "application/x-www-form-urlencoded",
                                                "source=" + URLEncoder.encode(ivan.server.url("/notes/ivan-1"), StandardCharsets.UTF_8)
                                                + "&target=" + URLEncoder.encode(article, StandardCharsets.UTF_8)).statusCode());
            linkback.awaitNoJobs();
            assertTrue(feed(article).contains("Ivan's own words."), "still there: " + feed(article));

            // deleted, then an Update arriving late does not bring it back
            assertEquals(202, ivan.post(linkback, "/ap/inbox", ivan.activity("Delete", Map.of("id", note.get("id"), "type", "Tombstone")))
                    .statusCode());
            assertTrue(!feed(article).contains("Ivan's own words."));
            Map<String, Object> late = new LinkedHashMap<>(note);
            late.put("content", "<p>Ivan's late edit.</p>");
            assertEquals(202, ivan.post(linkback, "/ap/inbox", ivan.activity("Update", late)).statusCode());
            assertTrue(!feed(article).contains("Ivan"), feed(article));
        }
    }

    private static String feed(String article) {
        return linkback.get("/backlinks.json?target=" + URLEncoder.encode(article, StandardCharsets.UTF_8)).body();
    }

    @Test
    void aDeletedAccountWhoseKeyIsGoneIsStillTakenDown() throws IOException {
        try (PageServer own = new PageServer(); SignedActor kim = SignedActor.on("127.0.0.1", "kim")) {
            own.html("/blog/post", "<p>A post.</p>");
            String article = own.url("/blog/post");
            try (TestLinkback server = TestLinkback.start(TestLinkback.Settings.forSite(own.url("/blog/")))) {
                assertEquals(202, kim.post(server, "/ap/inbox", kim.activity("Like", article)).statusCode());
                String feed = "/backlinks.json?target=" + URLEncoder.encode(article, StandardCharsets.UTF_8);
                assertTrue(server.get(feed).body().contains("Bob from"));
                server.restart(); // the key is no longer in memory
                Map<String, Object> delete = kim.activity("Delete", kim.id);
                kim.server.status("/users/kim", 410); // the account is gone: its key cannot be read
                assertEquals(202, kim.post(server, "/ap/inbox", delete).statusCode(), "its own server says it is gone");
                assertTrue(!server.get(feed).body().contains("Bob from"), "its like is taken down");
            }
        }
    }

    private static int followers() throws IOException {
        return JSON.readTree(linkback.get("/ap/actors/test/followers", "Accept", "application/activity+json").body()).path("totalItems").asInt();
    }

    @Test
    void aBlockedServerIsRefusedLikeAnyBlockedSource() throws IOException {
        String article = blog.url("/blog/three");
        try (SignedActor mallory = SignedActor.on("127.0.0.3", "mallory")) {
            assertEquals(2, linkback.post("/admin/api/blocklist", "application/json", SignedActor.utf8("{\"pattern\":\"127.0.0.3\"}"),
                                          "Authorization", AUTH).statusCode() / 100);
            long before = activityPubBacklinks(article);
            assertEquals(202, mallory.post(linkback, "/ap/inbox", mallory.activity("Like", article)).statusCode());
            assertEquals(before, activityPubBacklinks(article), "a blocked host's reaction is not stored");
        }
    }
}
