package org.linkback.activitypub;

import java.io.IOException;
import java.net.URI;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.linkback.fetch.FetchException;
import org.linkback.fetch.Fetched;
import org.linkback.fetch.SafeFetcher;
import org.linkback.http.Answers;
import org.linkback.text.Text;
import org.linkback.url.Urls;

/**
 * Other servers' actors and their keys, read through the safe fetcher (public addresses only,
 * bounded) and kept for an hour. A key that fails to verify is fetched once more before a
 * request is refused: the actor may have rotated it.
 */
final class RemoteActors {

    static final String ACCEPT = "application/activity+json, application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

    /** What we keep of another server's actor. */
    record Actor(URI id, URI inbox, URI sharedInbox, String name, String url, String icon) {
    }

    /** A public key and the actor it belongs to. */
    record Key(String keyId, URI owner, PublicKey publicKey) {
    }

    private final SafeFetcher fetcher;
    private final Cache<String, Key> keys = Caffeine.newBuilder().expireAfterWrite(Duration.ofHours(1)).maximumSize(50_000).build();
    private final Cache<URI, Actor> actors = Caffeine.newBuilder().expireAfterWrite(Duration.ofHours(1)).maximumSize(50_000).build();

    RemoteActors(SafeFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /**
     * The key a signature names, from the cache or (with {@code fresh}, or when unknown) fetched.
     *
     * @return empty when it cannot be fetched or is not an RSA public key with an owner
     */
    Optional<Key> key(String keyId, boolean fresh) {
        if (fresh) {
            keys.invalidate(keyId);
        }
        // one fetch however many requests of one server arrive at once with a key not yet known
        return Optional.ofNullable(keys.get(keyId, id -> fetchKey(id).orElse(null)));
    }

    private Optional<Key> fetchKey(String keyId) {
        Optional<URI> url = Urls.parseHttp(keyId);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        Optional<JsonNode> document = fetch(url.get());
        if (document.isEmpty()) {
            return Optional.empty();
        }
        // the keyId is the actor (with a #fragment) or a Key document naming its owner
        JsonNode doc = document.get();
        JsonNode keyNode = ActivityJson.all(doc, "publicKey").stream()
                .filter(k -> keyId.equals(ActivityJson.text(k, "id")))
                .findFirst()
                .orElse(doc.has("publicKeyPem") ? doc : null);
        if (keyNode == null) {
            return Optional.empty();
        }
        Optional<URI> owner = ActivityJson.urlOf(keyNode, "owner")
                .or(() -> doc.has("inbox") ? ActivityJson.urlOf(doc, "id") : Optional.empty());
        Optional<PublicKey> publicKey = ActorKeys.publicKey(ActivityJson.text(keyNode, "publicKeyPem"));
        if (owner.isEmpty() || publicKey.isEmpty()) {
            return Optional.empty();
        }
        if (doc.has("inbox")) {
            actor(doc).ifPresent(actor -> actors.put(actor.id(), actor));
        }
        return Optional.of(new Key(keyId, owner.get(), publicKey.get()));
    }

    /** An actor, from the cache or fetched; empty when it cannot be read. */
    Optional<Actor> actor(URI id) {
        Actor known = actors.getIfPresent(id);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Actor> fetched = fetch(id).flatMap(RemoteActors::actor).filter(actor -> actor.id().equals(id));
        fetched.ifPresent(actor -> actors.put(id, actor));
        return fetched;
    }

    /** Forgets an actor (an Update or Delete of it): the next look fetches it again. */
    void forget(URI id) {
        actors.invalidate(id);
    }

    private Optional<JsonNode> fetch(URI url) {
        try {
            Fetched answer = fetcher.fetch(new SafeFetcher.Request(Urls.canonical(url), "reading a fediverse actor", null, ACCEPT, false));
            if (!answer.isSuccess() || answer.truncated()) {
                return Optional.empty();
            }
            JsonNode doc = Answers.JSON.readTree(answer.body());
            return doc != null && doc.isObject() ? Optional.of(doc) : Optional.empty();
        } catch (FetchException | IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Actor> actor(JsonNode doc) {
        Optional<URI> id = ActivityJson.urlOf(doc, "id");
        Optional<URI> inbox = ActivityJson.urlOf(doc, "inbox");
        if (id.isEmpty() || inbox.isEmpty()) {
            return Optional.empty();
        }
        URI shared = ActivityJson.all(doc, "endpoints").stream().findFirst()
                .flatMap(endpoints -> ActivityJson.urlOf(endpoints, "sharedInbox")).orElse(null);
        String name = Optional.ofNullable(ActivityJson.text(doc, "name")).filter(n -> !n.isBlank())
                .orElse(ActivityJson.text(doc, "preferredUsername"));
        String url = ActivityJson.all(doc, "url").stream().findFirst()
                .flatMap(u -> u.isTextual() ? Optional.of(u.asText()) : Optional.ofNullable(ActivityJson.text(u, "href")))
                .flatMap(Urls::parseHttp).map(URI::toString).orElse(id.get().toString());
        return Optional.of(new Actor(id.get(), inbox.get(), shared, name == null ? null : Text.cap(Text.xmlSafe(name), 250), url,
                                     ActivityJson.imageUrl(doc, "icon")));
    }
}
