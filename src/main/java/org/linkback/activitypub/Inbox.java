package org.linkback.activitypub;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jdbi.v3.core.Handle;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

import org.linkback.backlink.Backlink;
import org.linkback.backlink.CheckState;
import org.linkback.backlink.Kind;
import org.linkback.backlink.Refusal;
import org.linkback.config.Site;
import org.linkback.config.Sites;
import org.linkback.mf2.Interaction;
import org.linkback.receive.IncomingPing;
import org.linkback.receive.LinkReceiver;
import org.linkback.receive.PingRefusedException;
import org.linkback.store.Database;
import org.linkback.text.Text;
import org.linkback.url.Urls;

/**
 * What a verified activity does. {@code Follow} stores the follower and queues a signed
 * {@code Accept}; {@code Undo} of it forgets them. A public {@code Create} of a Note in reply to
 * one of our articles becomes a backlink of kind {@code activitypub}, type reply; {@code Like}
 * a like, {@code Announce} a repost; all through {@link LinkReceiver}, so blocklists, spam rules,
 * the audit log and webhooks see them as any backlink. {@code Update} changes it;
 * {@code Delete} and {@code Undo} take it down; a {@code Delete} of the actor takes down all of
 * its backlinks and forgets it as a follower. Anything else is ignored.
 */
final class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class.getName());
    private static final List<String> NOTE_TYPES = List.of("Note", "Article", "Page");

    private final Database database;
    private final Sites sites;
    private final Actors actors;
    private final RemoteActors remote;
    private final Followers followers;
    private final Deliveries deliveries;
    private final LinkReceiver receiver;
    private final Clock clock;
    /** Articles known to have an object: a popular one's likes and boosts do not ask the database each time. */
    private final Cache<String, String> knownArticles = Caffeine.newBuilder().maximumSize(10_000).build();

    Inbox(Database database, Sites sites, Actors actors, RemoteActors remote, Followers followers, Deliveries deliveries,
          LinkReceiver receiver, Clock clock) {
        this.database = database;
        this.sites = sites;
        this.actors = actors;
        this.remote = remote;
        this.followers = followers;
        this.deliveries = deliveries;
        this.receiver = receiver;
        this.clock = clock;
    }

    /** A reaction's target: the article's URL, and whether we know it exists (an article we published). */
    private record Target(String url, boolean known, Site site) {
    }

    /**
     * Does what a verified activity asks.
     *
     * @param signer   the actor whose key signed the request (the activity's {@code actor})
     * @param clientIp the address that sent it
     * @throws PingRefusedException when its backlink is refused (the caller answers as for any ignored activity)
     */
    void handle(JsonNode activity, URI signer, String clientIp) {
        switch (ActivityJson.type(activity)) {
            case "Follow" -> follow(activity, signer);
            case "Undo" -> undo(activity, signer, clientIp);
            case "Create", "Update" -> note(activity, signer, clientIp);
            case "Delete" -> delete(activity, signer, clientIp);
            case "Like" -> reaction(activity, signer, clientIp, Interaction.Type.LIKE);
            case "Announce" -> reaction(activity, signer, clientIp, Interaction.Type.REPOST);
            default -> LOG.fine(() -> "ignored a " + ActivityJson.type(activity) + " from " + signer);
        }
    }

    private void follow(JsonNode activity, URI signer) {
        Optional<Site> site = ActivityJson.idOf(activity, "object").flatMap(actors::siteOfActor);
        Optional<RemoteActors.Actor> follower = site.isEmpty() ? Optional.empty() : remote.actor(signer);
        if (site.isEmpty() || follower.isEmpty()) {
            return;
        }
        String actorId = actors.actorId(site.get().name());
        Map<String, Object> follow = new LinkedHashMap<>();
        ActivityJson.urlOf(activity, "id").ifPresent(id -> follow.put("id", id.toString()));
        follow.put("type", "Follow");
        follow.put("actor", signer.toString());
        follow.put("object", actorId);
        Map<String, Object> accept = new LinkedHashMap<>();
        accept.put("@context", Actors.CONTEXT.getFirst());
        accept.put("id", actorId + "#accepts/" + UUID.randomUUID());
        accept.put("type", "Accept");
        accept.put("actor", actorId);
        accept.put("object", follow);
        database.useTransaction(h -> {
            followers.add(h, site.get().name(), follower.get(), clock.instant());
            deliveries.queue(h, site.get().name(), follower.get().inbox().toString(), accept);
        });
    }

    private void undo(JsonNode activity, URI signer, String clientIp) {
        JsonNode undone = activity.path("object");
        if (ActivityJson.type(undone).equals("Follow")) {
            ActivityJson.idOf(undone, "object").flatMap(actors::siteOfActor)
                    .ifPresent(site -> database.useTransaction(h -> followers.remove(h, site.name(), signer.toString())));
            return;
        }
        ActivityJson.id(undone).ifPresent(id -> retract(id, signer, clientIp, "undone by its author"));
    }

    private void delete(JsonNode activity, URI signer, String clientIp) {
        Optional<String> deleted = ActivityJson.idOf(activity, "object");
        if (deleted.isEmpty()) {
            return;
        }
        if (deleted.get().equals(signer.toString())) {
            // the account is gone: all it said, and its follows
            for (long id : reactionsOf(signer.toString())) {
                receiver.retract(id, Kind.ACTIVITYPUB, clientIp, "its author's account was deleted");
            }
            database.useTransaction(h -> followers.removeActor(h, signer.toString()));
            remote.forget(signer);
            return;
        }
        retract(deleted.get(), signer, clientIp, "deleted by its author");
    }

    /** A Create or Update: of a Note in reply to an article, a backlink; of the actor itself, a fresh look at it. */
    private void note(JsonNode activity, URI signer, String clientIp) {
        JsonNode note = activity.path("object");
        if (ActivityJson.id(note).map(signer.toString()::equals).orElse(false)) {
            remote.forget(signer); // an Update of the actor: its name or icon changed
            return;
        }
        Optional<URI> id = ActivityJson.urlOf(note, "id");
        Optional<Target> target = ActivityJson.idOf(note, "inReplyTo").flatMap(this::article);
        if (!note.isObject() || !NOTE_TYPES.contains(ActivityJson.type(note)) || id.isEmpty() || target.isEmpty()
            || !ActivityJson.sameOrigin(id.get(), signer)
            || !ActivityJson.idOf(note, "attributedTo").map(signer.toString()::equals).orElse(false)) {
            return; // only its author speaks for a note, not another account on the same server
        }
        if (wasTakenBack(id.get().toString())) {
            return; // an Update or a Create delivered again after its Delete does not bring it back
        }
        if (!ActivityJson.isPublic(activity, note)) {
            return; // a direct or followers-only reply is never published
        }
        Optional<RemoteActors.Actor> author = remote.actor(signer);
        String html = Interaction.safeHtml(ActivityJson.text(note, "content"), id.get().toString());
        String text = html == null ? null : Text.cap(Jsoup.parse(html).text(), Interaction.MAX_TEXT);
        String url = ActivityJson.href(note, "url").orElse(id.get().toString());
        Interaction says = new Interaction(Interaction.Type.REPLY, author(author, signer),
                                           ActivityJson.time(note, "published"), text, html, url, null, List.of());
        Document page = html == null ? null : Jsoup.parseBodyFragment(html, id.get().toString());
        stored(id.get().toString(), target.get(), signer, clientIp, says, page);
    }

    /** A Like or an Announce of an article. */
    private void reaction(JsonNode activity, URI signer, String clientIp, Interaction.Type type) {
        Optional<URI> id = ActivityJson.urlOf(activity, "id");
        Optional<Target> target = ActivityJson.idOf(activity, "object").flatMap(this::article);
        if (id.isEmpty() || target.isEmpty() || !ActivityJson.sameOrigin(id.get(), signer)) {
            return;
        }
        if (target.get().site().fediverse() != Site.Fediverse.ALL) {
            return; // the site takes replies only
        }
        if (type == Interaction.Type.REPOST && !ActivityJson.isPublic(activity)) {
            return;
        }
        Interaction says = new Interaction(type, author(remote.actor(signer), signer), ActivityJson.time(activity, "published"),
                                           null, null, null, null, List.of());
        stored(id.get().toString(), target.get(), signer, clientIp, says, null);
    }

    private void stored(String objectId, Target target, URI signer, String clientIp, Interaction says, Document page) {
        receiver.receiveSigned(ping(objectId, target.url(), clientIp), says, page, target.known(),
                               (h, backlink) -> remember(h, backlink, signer.toString(), objectId));
    }

    /** Whether the sender already took back what was stored for this object. */
    private boolean wasTakenBack(String objectId) {
        return database.read(h -> h.createQuery("SELECT COUNT(*) FROM fediverse_reaction r JOIN mention m ON m.id = r.mention_id "
                                                + "WHERE r.object_id = :object AND m.verification = :deleted")
                .bind("object", objectId).bind("deleted", CheckState.DELETED.id()).mapTo(Long.class).one()) > 0;
    }

    /**
     * Which actor and object a backlink came as: what a later Update, Delete or Undo names. A
     * backlink another actor sent is not theirs to change: the unit of work is undone.
     */
    private void remember(Handle h, Backlink backlink, String actor, String objectId) {
        Optional<String> sender = h.createQuery("SELECT actor FROM fediverse_reaction WHERE mention_id = :id")
                .bind("id", backlink.id()).mapTo(String.class).findOne();
        if (sender.isPresent() && !sender.get().equals(actor)) {
            throw new PingRefusedException(Refusal.ACCESS_DENIED, "the backlink is another actor's");
        }
        int updated = h.createUpdate("UPDATE fediverse_reaction SET actor = :actor, object_id = :object WHERE mention_id = :id")
                .bind("id", backlink.id()).bind("actor", actor).bind("object", objectId).execute();
        if (updated == 0) {
            database.dialect().insertUnlessTaken(h, "INSERT INTO fediverse_reaction (mention_id, actor, object_id) VALUES (:id, :actor, :object)",
                                                 "mention_id", insert -> insert.bind("id", backlink.id()).bind("actor", actor)
                                                         .bind("object", objectId));
        }
    }

    /** Takes down the backlinks an actor sent as that object. */
    private void retract(String objectId, URI signer, String clientIp, String why) {
        List<Long> ids = database.read(h -> h.createQuery("SELECT mention_id FROM fediverse_reaction WHERE object_id = :object AND actor = :actor")
                .bind("object", objectId).bind("actor", signer.toString()).mapTo(Long.class).list());
        for (long id : ids) {
            receiver.retract(id, Kind.ACTIVITYPUB, clientIp, why);
        }
    }

    private List<Long> reactionsOf(String actor) {
        return database.read(h -> h.createQuery("SELECT mention_id FROM fediverse_reaction WHERE actor = :actor")
                .bind("actor", actor).mapTo(Long.class).list());
    }

    /** The article an object id names (one of our article objects, or a URL on a site), on a site that is on the fediverse. */
    private Optional<Target> article(String id) {
        Optional<String> key = actors.articleKeyOf(id);
        Optional<String> url = key.isPresent() ? articleUrl(key.get()) : Optional.of(actors.articleUrlOf(id).orElse(id));
        Optional<URI> canonical = url.flatMap(Urls::parseCanonical);
        Optional<Site> site = canonical.flatMap(sites::siteOf).filter(s -> s.fediverse().on());
        return site.map(s -> new Target(canonical.get().toString(),
                                        key.isPresent() || articleUrl(Actors.objectKey(canonical.get().toString())).isPresent(), s));
    }

    /** The URL of the article whose object has this key, if it has one (an object is never removed, so a found one is kept). */
    private Optional<String> articleUrl(String key) {
        return Optional.ofNullable(knownArticles.get(key, k -> database.read(h -> h.createQuery(
                "SELECT url FROM fediverse_article WHERE object_key = :key").bind("key", k).mapTo(String.class).findOne()).orElse(null)));
    }

    private static Interaction.Author author(Optional<RemoteActors.Actor> actor, URI signer) {
        return actor.map(a -> new Interaction.Author(a.name(), a.url(), a.icon())).orElse(new Interaction.Author(null, signer.toString(), null));
    }

    private static IncomingPing ping(String source, String target, String clientIp) {
        return new IncomingPing(Kind.ACTIVITYPUB, source, target, clientIp);
    }
}
