package org.linkback.activitypub;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.linkback.testing.PageServer;
import org.linkback.testing.TestLinkback;

/**
 * Another fediverse server's actor, written in the test: its actor document (with its public
 * key) served by a real local HTTP server, and activities it signs the way Mastodon does, or
 * tampered with to see them refused.
 */
final class SignedActor implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final PageServer server;
    final String id;
    private KeyPair keys = generate();
    private String keyHost;

    private final boolean ownsServer;

    private SignedActor(PageServer server, String name, boolean ownsServer) {
        this.server = server;
        this.ownsServer = ownsServer;
        this.id = server.url("/users/" + name);
        server.status("/users/" + name + "/inbox", 202);
        server.status("/inbox", 202);
        serve();
    }

    /** An actor on a server of its own at a loopback address (127.0.0.x: another host). */
    static SignedActor on(String loopback, String name) {
        return new SignedActor(PageServer.on(loopback), name, true);
    }

    /** Another actor on the same server as {@code neighbour} (one shared inbox for both). */
    static SignedActor besides(SignedActor neighbour, String name) {
        return new SignedActor(neighbour.server, name, false);
    }

    String keyId() {
        return (keyHost != null ? keyHost + id.substring(server.origin().length()) : id) + "#main-key";
    }

    /** Makes a new key pair and serves it (a key rotation). */
    void rotateKey() {
        keys = generate();
        serve();
    }

    /** Signs with a keyId on another origin (which serves the same actor document). */
    void keyOn(PageServer other) {
        keyHost = other.origin();
        other.page(id.substring(server.origin().length()), document());
    }

    private void serve() {
        server.page(id.substring(server.origin().length()), document());
    }

    private PageServer.Page document() {
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("@context", List.of("https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"));
        actor.put("id", id);
        actor.put("type", "Person");
        actor.put("preferredUsername", id.substring(id.lastIndexOf('/') + 1));
        actor.put("name", "Bob from " + server.origin());
        actor.put("url", id);
        actor.put("inbox", id + "/inbox");
        actor.put("endpoints", Map.of("sharedInbox", server.url("/inbox")));
        actor.put("publicKey", Map.of("id", keyId(), "owner", id, "publicKeyPem", ActorKeys.pem("PUBLIC KEY", keys.getPublic().getEncoded())));
        try {
            return new PageServer.Page(200, "application/activity+json", JSON.writeValueAsBytes(actor), 0, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An activity of this actor, with a fresh id on its host. */
    Map<String, Object> activity(String type, Object object) {
        Map<String, Object> activity = new LinkedHashMap<>();
        activity.put("@context", "https://www.w3.org/ns/activitystreams");
        activity.put("id", server.url("/activities/" + UUID.randomUUID()));
        activity.put("type", type);
        activity.put("actor", id);
        activity.put("object", object);
        activity.put("to", List.of("https://www.w3.org/ns/activitystreams#Public"));
        return activity;
    }

    /** POSTs an activity to an inbox of linkback, signed, after {@code tamper} had its way with the headers. */
    HttpResponse<String> post(TestLinkback linkback, String inbox, Object activity, Consumer<Map<String, String>> tamper) {
        try {
            byte[] body = activity instanceof byte[] raw ? raw : JSON.writeValueAsBytes(activity);
            Map<String, String> headers = new LinkedHashMap<>(HttpSignatures.signedPost(
                    URI.create(linkback.url(inbox)), Deliveries.CONTENT_TYPE, body, keyId(), keys.getPrivate(), Instant.now()));
            tamper.accept(headers);
            List<String> pairs = new ArrayList<>();
            headers.forEach((name, value) -> {
                pairs.add(name);
                pairs.add(value);
            });
            return linkback.post(inbox, Deliveries.CONTENT_TYPE, body, pairs.toArray(String[]::new));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** POSTs an activity signed with this actor's key but under another keyId (a forger's). */
    HttpResponse<String> postWithKeyId(TestLinkback linkback, String inbox, Object activity, String keyId) {
        try {
            byte[] body = JSON.writeValueAsBytes(activity);
            List<String> pairs = new ArrayList<>();
            HttpSignatures.signedPost(URI.create(linkback.url(inbox)), Deliveries.CONTENT_TYPE, body, keyId, keys.getPrivate(), Instant.now())
                    .forEach((name, value) -> {
                        pairs.add(name);
                        pairs.add(value);
                    });
            return linkback.post(inbox, Deliveries.CONTENT_TYPE, body, pairs.toArray(String[]::new));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** This actor's public key as a PEM. */
    String publicPem() {
        return ActorKeys.pem("PUBLIC KEY", keys.getPublic().getEncoded());
    }

    HttpResponse<String> post(TestLinkback linkback, String inbox, Object activity) {
        return post(linkback, inbox, activity, headers -> { });
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (ownsServer) {
            server.close();
        }
    }
}
