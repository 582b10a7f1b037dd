package org.linkback.activitypub;

import java.io.IOException;
import java.net.URI;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
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

    /** A public key, the actor it belongs to, and when it was read. */
    record Key(String keyId, URI owner, PublicKey publicKey, Instant fetchedAt) {
    }

    private final SafeFetcher fetcher;
    private final Cache<String, Key> keys = Caffeine.newBuilder().expireAfterWrite(Duration.ofHours(1)).maximumSize(50_000).build();
    private final Cache<URI, Actor> actors = Caffeine.newBuilder().expireAfterWrite(Duration.ofHours(1)).maximumSize(50_000).build();

    private final Clock clock;
    /** The signature headers of a GET of this URL, by our instance actor. */
    private final Function<URI, Map<String, String>> signedGet;

    /** @param signedGet signs each read, for servers that answer only signed ones ("authorized fetch", GoToSocial) */
    RemoteActors(SafeFetcher fetcher, Clock clock, Function<URI, Map<String, String>> signedGet) {
        this.fetcher = fetcher;
        this.clock = clock;
        this.signedGet = signedGet;
    }

    /**
     * The key a signature names, from the cache or (with {@code fresh}, or when unknown) fetched.
     *
     * @return empty when it cannot be fetched, or is not an RSA public key its owner's actor document shows
     */
    Optional<Key> key(String keyId, boolean fresh) {
        if (fresh) {
            keys.invalidate(keyId);
        }
        // one fetch however many requests of one server arrive at once with a key not yet known
        return Optional.ofNullable(keys.get(keyId, id -> fetchKey(id).orElse(null)));
    }

    /**
     * Reads a key where its id says. It counts only as its owner's actor document shows it, that
     * document read at its own id on the keyId's origin: so an open redirect, or a file a user
     * uploaded to the server, cannot speak for another account there. Mastodon's and Fedify's
     * keyId is the actor's URL with a fragment (one fetch); a key document of its own, or an
     * actor shown at another URL, costs a second fetch of the owner.
     */
    private Optional<Key> fetchKey(String keyId) {
        Optional<URI> url = Urls.parseHttp(keyId);
        Optional<JsonNode> document = url.flatMap(u -> fetchFrom(u, false));
        if (document.isEmpty()) {
            return Optional.empty();
        }
        JsonNode doc = document.get();
        Optional<JsonNode> entry = keyIn(doc, keyId).or(() -> doc.has("publicKeyPem") ? Optional.of(doc) : Optional.empty());
        String pem = entry.map(e -> ActivityJson.text(e, "publicKeyPem")).orElse(null);
        boolean isOwner = keyIn(doc, keyId).isPresent() && ActivityJson.urlOf(doc, "id").map(Urls::canonical)
                .map(Urls.canonical(url.get())::equals).orElse(false);
        Optional<JsonNode> ownerDoc = isOwner ? Optional.of(doc)
                : entry.flatMap(e -> ActivityJson.urlOf(e, "owner").or(() -> ActivityJson.urlOf(doc, "id")))
                        .filter(owner -> ActivityJson.sameOrigin(owner, url.get()))
                        .flatMap(owner -> fetchFrom(owner, true))
                        .filter(owner -> keyIn(owner, keyId).map(k -> ActivityJson.text(k, "publicKeyPem"))
                                .map(listed -> pem != null && listed.strip().equals(pem.strip())).orElse(false));
        Optional<Actor> owner = ownerDoc.flatMap(RemoteActors::actor);
        Optional<PublicKey> publicKey = ActorKeys.publicKey(pem);
        if (owner.isEmpty() || publicKey.isEmpty()) {
            return Optional.empty();
        }
        actors.put(owner.get().id(), owner.get());
        return Optional.of(new Key(keyId, owner.get().id(), publicKey.get(), clock.instant()));
    }

    /** The entry of an actor document's {@code publicKey} with this id. */
    private static Optional<JsonNode> keyIn(JsonNode actorDoc, String keyId) {
        if (!actorDoc.has("inbox")) {
            return Optional.empty();
        }
        return ActivityJson.all(actorDoc, "publicKey").stream().filter(k -> keyId.equals(ActivityJson.text(k, "id"))).findFirst();
    }

    /** An actor, from the cache or fetched; empty when it cannot be read. */
    Optional<Actor> actor(URI id) {
        Actor known = actors.getIfPresent(id);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Actor> fetched = fetchFrom(id, true).flatMap(RemoteActors::actor);
        fetched.ifPresent(actor -> actors.put(id, actor));
        return fetched;
    }

    /** Forgets an actor (an Update or Delete of it): the next look fetches it again. */
    void forget(URI id) {
        actors.invalidate(id);
    }

    /** Whether the actor's own server says it is gone (410, or 404): a deleted account whose key can no longer be read. */
    boolean isGone(URI id) {
        try {
            Fetched answer = fetcher.fetch(new SafeFetcher.Request(Urls.canonical(id), "reading a fediverse actor", null, ACCEPT, false,
                                                                   signedGet.apply(Urls.canonical(id))));
            return answer.status() == 410 || answer.status() == 404;
        } catch (FetchException e) {
            return false;
        }
    }

    /**
     * A JSON object fetched from {@code url}, answered from the URL's own origin (after any
     * redirect); with {@code itself}, only when its {@code id} is the URL (without a fragment).
     */
    private Optional<JsonNode> fetchFrom(URI url, boolean itself) {
        URI asked = Urls.canonical(url);
        try {
            Fetched answer = fetcher.fetch(new SafeFetcher.Request(asked, "reading a fediverse actor", null, ACCEPT, false, signedGet.apply(asked)));
            if (!answer.isSuccess() || answer.truncated() || !ActivityJson.sameOrigin(answer.url(), asked)) {
                return Optional.empty();
            }
            JsonNode doc = Answers.JSON.readTree(answer.body());
            if (doc == null || !doc.isObject()) {
                return Optional.empty();
            }
            boolean isAsked = ActivityJson.urlOf(doc, "id").map(Urls::canonical).map(asked::equals).orElse(false);
            return !itself || isAsked ? Optional.of(doc) : Optional.empty();
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
        String url = ActivityJson.href(doc, "url").orElse(id.get().toString());
        return Optional.of(new Actor(id.get(), inbox.get(), shared, name == null ? null : Text.cap(Text.xmlSafe(name), 250), url,
                                     ActivityJson.imageUrl(doc, "icon")));
    }
}
