package org.linkback.activitypub;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.TestClock;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A key counts only as its owner's actor document shows it: a key file uploaded to the owner's
 * server, or a document that claims to be someone else, speaks for nobody. A rotated key is read
 * again, but a key just read is not (junk naming a server's key costs that server one fetch).
 */
class RemoteKeysTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH = "Bearer " + TestLinkback.Settings.ADMIN_TOKEN;

    @Test
    void aKeyFileOnTheVictimsServerOrADocumentClaimingToBeThemSpeaksForNobody() throws IOException {
        try (PageServer blog = new PageServer();
             SignedActor victim = SignedActor.on("127.0.0.1", "victim");
             SignedActor mallory = SignedActor.besides(victim, "mallory");
             SignedActor evil = SignedActor.on("127.0.0.2", "evil")) {
            blog.html("/blog/post", "<p>A post.</p>");
            String article = blog.url("/blog/post");
            try (TestLinkback linkback = TestLinkback.start(TestLinkback.Settings.forSite(blog.url("/blog/")))) {
                // a user of the victim's server uploads a "Key" naming the victim as its owner
                String upload = victim.server.url("/uploads/key.json");
                victim.server.page("/uploads/key.json", json(Map.of("id", upload, "type", "Key", "owner", victim.id,
                                                                    "publicKeyPem", mallory.publicPem())));
                Map<String, Object> like = new LinkedHashMap<>(victim.activity("Like", article));
                assertEquals(401, mallory.postWithKeyId(linkback, "/ap/inbox", like, upload).statusCode(),
                             "the victim's own actor document does not list that key");

                // another server's key document claims to be the victim, with its own name and inbox
                String evilKey = evil.server.url("/k");
                Map<String, Object> claim = new LinkedHashMap<>();
                claim.put("id", victim.id);
                claim.put("type", "Person");
                claim.put("name", "EVIL");
                claim.put("inbox", evil.server.url("/inbox"));
                claim.put("publicKey", Map.of("id", evilKey, "owner", evil.id, "publicKeyPem", evil.publicPem()));
                evil.server.page("/k", json(claim));
                Map<String, Object> forged = new LinkedHashMap<>(evil.activity("Like", article));
                assertEquals(401, evil.postWithKeyId(linkback, "/ap/inbox", forged, evilKey).statusCode());

                assertEquals(0, backlinks(linkback), "nothing stored");
                assertEquals(202, victim.post(linkback, "/ap/inbox", victim.activity("Like", article)).statusCode());
                JsonNode stored = JSON.readTree(linkback.get("/admin/api/mentions", "Authorization", AUTH).body()).path("items").path(0);
                assertTrue(stored.path("authorName").asText().startsWith("Bob from"), "the victim's own name, not the forger's: " + stored);
            }
        }
    }

    @Test
    void aRotatedKeyIsReadAgainButAKeyJustReadIsNot() throws IOException {
        TestClock clock = TestClock.stoppedNow();
        try (PageServer blog = new PageServer(); SignedActor carol = SignedActor.on("127.0.0.1", "carol")) {
            blog.html("/blog/post", "<p>A post.</p>");
            String article = blog.url("/blog/post");
            try (TestLinkback linkback = TestLinkback.start(TestLinkback.Settings.forSite(blog.url("/blog/")), clock)) {
                assertEquals(202, carol.post(linkback, "/ap/inbox", carol.activity("Like", article)).statusCode());
                long reads = carol.server.count("/users/carol");
                carol.rotateKey();
                assertEquals(401, carol.post(linkback, "/ap/inbox", carol.activity("Announce", article)).statusCode(),
                             "the key was read a moment ago: not read again");
                assertEquals(reads, carol.server.count("/users/carol"));
                clock.advance(Duration.ofMinutes(2));
                assertEquals(202, carol.post(linkback, "/ap/inbox", carol.activity("Announce", article)).statusCode(),
                             "a key read minutes ago that fails is read again: the new one verifies");
                assertEquals(reads + 1, carol.server.count("/users/carol"));
                assertEquals(2, backlinks(linkback));
            }
        }
    }

    @Test
    void ourReadsOfOtherServersAreSignedByThisServersOwnActor() throws Exception {
        try (PageServer blog = new PageServer(); SignedActor lena = SignedActor.on("127.0.0.1", "lena")) {
            blog.html("/blog/post", "<p>A post.</p>");
            try (TestLinkback linkback = TestLinkback.start(TestLinkback.Settings.forSite(blog.url("/blog/")))) {
                assertEquals(202, lena.post(linkback, "/ap/inbox", lena.activity("Like", blog.url("/blog/post"))).statusCode());
                PageServer.Received read = lena.server.requests().stream().filter(r -> r.path().equals("/users/lena")).findFirst()
                        .orElseThrow();
                HttpSignatures.Signature signature = HttpSignatures.parse(read.headers().getFirst("Signature"));
                assertEquals("http://linkback.test/ap/actor#main-key", signature.keyId(), "Mastodon's \"authorized fetch\" and GoToSocial ask for this");
                JsonNode instance = JSON.readTree(linkback.get("/ap/actor", "Accept", "application/activity+json").body());
                assertEquals("Application", instance.path("type").asText());
                String signed = HttpSignatures.signingString(signature, "GET", "/users/lena",
                                                             name -> read.headers().getFirst(name.equals("host") ? "Host" : name));
                assertTrue(HttpSignatures.verifies(signature, ActorKeys.publicKey(instance.path("publicKey").path("publicKeyPem").asText())
                        .orElseThrow(), signed), "the read verifies with the key our instance actor shows");
            }
        }
    }

    private static int backlinks(TestLinkback linkback) throws IOException {
        return JSON.readTree(linkback.get("/admin/api/mentions", "Authorization", AUTH).body()).path("items").size();
    }

    private static PageServer.Page json(Object document) {
        try {
            return new PageServer.Page(200, "application/activity+json", JSON.writeValueAsBytes(document), 0, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
