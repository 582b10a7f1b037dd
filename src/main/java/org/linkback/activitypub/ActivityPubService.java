package org.linkback.activitypub;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.jdbi.v3.core.JdbiException;

import org.linkback.config.LinkbackConfig;
import org.linkback.config.Site;
import org.linkback.config.Sites;
import org.linkback.http.Answers;
import org.linkback.http.ClientAddress;
import org.linkback.http.LimitedInputStream;
import org.linkback.http.RateLimiter;
import org.linkback.receive.PingRefusedException;
import org.linkback.spam.Blocklist;
import org.linkback.store.Database;
import org.linkback.url.Urls;

/**
 * The fediverse's way in, under {@code /ap}: each site's actor document and collections, the
 * article objects, and the inboxes (one per actor and the shared one). A POST to an inbox must
 * be signed ({@link HttpSignatures}) by a key on the host of the activity's actor; anything
 * unsigned or badly signed is answered 401 and changes nothing. A well-signed activity is
 * answered 202 whatever it is ({@link Inbox} does what it asks, or ignores it).
 */
public final class ActivityPubService implements HttpService {

    private static final Logger LOG = Logger.getLogger(ActivityPubService.class.getName());
    private static final String ACTIVITY_JSON = "application/activity+json";
    /** A key that fails to verify is read again only when it was read longer ago than this. */
    private static final Duration REFETCH_AFTER = Duration.ofMinutes(1);

    private final Database database;
    private final Sites sites;
    private final Actors actors;
    private final ActorKeys keys;
    private final RemoteActors remote;
    private final Followers followers;
    private final Publisher publisher;
    private final Inbox inbox;
    private final Blocklist blocklist;
    private final RateLimiter perHost;
    private final int maxBytes;
    private final Clock clock;

    ActivityPubService(Database database, Sites sites, Actors actors, ActorKeys keys, RemoteActors remote, Followers followers, Publisher publisher,
                       Inbox inbox, Blocklist blocklist, LinkbackConfig.Fediverse config, Clock clock) {
        this.blocklist = blocklist;
        this.database = database;
        this.sites = sites;
        this.actors = actors;
        this.keys = keys;
        this.remote = remote;
        this.followers = followers;
        this.publisher = publisher;
        this.inbox = inbox;
        this.perHost = new RateLimiter(config.activitiesPerMinutePerHost(), clock);
        this.maxBytes = config.inboxMaxBytes();
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/actor", this::instanceActor)
                .get("/actors/{name}", this::actor)
                .get("/actors/{name}/followers", this::followers)
                .get("/actors/{name}/outbox", this::outbox)
                .post("/actors/{name}/inbox", this::inbox)
                .post("/inbox", this::inbox)
                .get("/articles", this::articleByUrl)
                .get("/articles/{key}", this::article);
    }

    /** {@code /.well-known/webfinger?resource=acct:NAME@HOST}: the JRD of a site's actor. */
    public void webfinger(ServerRequest req, ServerResponse res) {
        Optional<String> resource = req.query().first("resource").asOptional();
        if (resource.isEmpty()) {
            Answers.plain(res, Status.BAD_REQUEST_400, "resource is required, e.g. ?resource=acct:blog@" + actors.domain());
            return;
        }
        Optional<Site> site = actors.siteOfResource(resource.get());
        if (site.isEmpty()) {
            Answers.plain(res, Status.NOT_FOUND_404, "no such account here");
            return;
        }
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        res.header(HeaderNames.CONTENT_TYPE, "application/jrd+json");
        res.send(Answers.bytes(actors.webfinger(site.get())));
    }

    private void actor(ServerRequest req, ServerResponse res) {
        Optional<Site> site = actors.live(req.path().pathParameters().get("name"));
        if (site.isEmpty()) {
            Answers.plain(res, Status.NOT_FOUND_404, "no such actor");
            return;
        }
        if (wantsHtml(req)) {
            redirect(res, site.get().baseUrl().toString()); // a person following the link sees the blog
            return;
        }
        String icon = database.read(h -> h.createQuery("SELECT icon FROM fediverse_actor WHERE site = :site")
                .bind("site", site.get().name()).mapTo(String.class).findOne().orElse(null));
        activityJson(res, actors.actor(site.get(), keys.of(site.get().name()).publicPem(), icon));
    }

    /** This server's own actor: the key other servers check our signed reads with. */
    private void instanceActor(ServerRequest req, ServerResponse res) {
        activityJson(res, actors.instanceActor(keys.of(ActorKeys.INSTANCE).publicPem()));
    }

    private void followers(ServerRequest req, ServerResponse res) {
        Optional<Site> site = actors.live(req.path().pathParameters().get("name"));
        if (site.isEmpty()) {
            Answers.plain(res, Status.NOT_FOUND_404, "no such actor");
            return;
        }
        // how many, not who: as Mastodon shows other servers
        activityJson(res, collection(actors.actorId(site.get().name()) + "/followers", followers.count(site.get().name())));
    }

    private void outbox(ServerRequest req, ServerResponse res) {
        Optional<Site> site = actors.live(req.path().pathParameters().get("name"));
        if (site.isEmpty()) {
            Answers.plain(res, Status.NOT_FOUND_404, "no such actor");
            return;
        }
        long published = database.read(h -> h.createQuery("SELECT COUNT(*) FROM fediverse_article WHERE site = :site AND delivered = TRUE")
                .bind("site", site.get().name()).mapTo(Long.class).one());
        activityJson(res, collection(actors.actorId(site.get().name()) + "/outbox", published));
    }

    private static Map<String, Object> collection(String id, long total) {
        Map<String, Object> collection = new LinkedHashMap<>();
        collection.put("@context", Actors.CONTEXT.getFirst());
        collection.put("id", id);
        collection.put("type", "OrderedCollection");
        collection.put("totalItems", total);
        return collection;
    }

    private void article(ServerRequest req, ServerResponse res) {
        String key = req.path().pathParameters().get("key");
        Optional<Publisher.Article> article = key.length() > 64 ? Optional.empty() : database.read(h -> publisher.find(h, key));
        Optional<Site> site = article.flatMap(a -> actors.live(a.site()));
        if (site.isEmpty()) {
            Answers.plain(res, Status.NOT_FOUND_404, "no such article");
            return;
        }
        if (wantsHtml(req)) {
            redirect(res, article.get().url());
            return;
        }
        activityJson(res, publisher.object(site.get(), article.get()));
    }

    /**
     * {@code /ap/articles?url=ARTICLE}: the object of any article of a site (the discovery
     * snippet's {@code rel=alternate} link), so that a fediverse search for its URL finds it;
     * made on the fly, so a GET stores and fetches nothing.
     */
    private void articleByUrl(ServerRequest req, ServerResponse res) {
        Optional<URI> url = Urls.parseCanonical(req.query().first("url").orElse(""));
        Optional<Site> site = url.flatMap(sites::siteOf).filter(s -> s.fediverse().on());
        if (site.isEmpty()) {
            Answers.plain(res, Status.NOT_FOUND_404, "give url=URL of an article of a site served here");
            return;
        }
        URI article = site.get().articleOf(url.get());
        if (wantsHtml(req)) {
            redirect(res, article.toString());
            return;
        }
        activityJson(res, publisher.objectByUrl(site.get(), article.toString()));
    }

    /** A POST to an inbox: read within limits, check the signature, then let {@link Inbox} act. */
    private void inbox(ServerRequest req, ServerResponse res) throws IOException {
        Optional<String> name = Optional.ofNullable(req.path().pathParameters().contains("name") ? req.path().pathParameters().get("name") : null);
        if (name.isPresent() && actors.live(name.get()).isEmpty()) {
            Answers.plain(res, Status.NOT_FOUND_404, "no such actor");
            return;
        }
        byte[] body;
        try (InputStream in = new LimitedInputStream(req.content().inputStream(), maxBytes)) {
            body = in.readAllBytes();
        } catch (LimitedInputStream.TooLargeException e) {
            Answers.plain(res, Status.REQUEST_ENTITY_TOO_LARGE_413, "an activity is at most " + maxBytes + " bytes");
            return;
        }
        String signatureHeader = header(req, "signature");
        if (signatureHeader == null) {
            String authorization = header(req, "authorization");
            signatureHeader = authorization != null && authorization.regionMatches(true, 0, "Signature ", 0, 10)
                    ? authorization.substring(10) : null;
        }
        HttpSignatures.Signature signature;
        try {
            signature = HttpSignatures.parse(signatureHeader);
        } catch (HttpSignatures.Invalid e) {
            unauthorized(res, e.getMessage());
            return;
        }
        Optional<URI> keyUrl = Urls.parseHttp(signature.keyId());
        if (keyUrl.isEmpty()) {
            unauthorized(res, "the keyId is not an http(s) URL");
            return;
        }
        String keyHost = keyUrl.get().getHost();
        if (name.map(site -> blocklist.blocking(keyHost, site)).orElseGet(() -> blocklist.blocking(keyHost)).isPresent()) {
            // a blocked server is not asked for its key: taken, and dropped, as Mastodon does for a suspended domain
            res.status(Status.ACCEPTED_202).send();
            return;
        }
        JsonNode activity;
        try {
            HttpSignatures.checkRequest(signature, headerName -> header(req, headerName), body, clock.instant());
            activity = Answers.JSON.readTree(body);
        } catch (HttpSignatures.Invalid e) {
            unauthorized(res, e.getMessage());
            return;
        } catch (JacksonException e) {
            Answers.plain(res, Status.BAD_REQUEST_400, "the body is not JSON");
            return;
        }
        Optional<URI> actor = activity != null && activity.isObject() ? ActivityJson.urlOf(activity, "actor") : Optional.empty();
        if (actor.isEmpty()) {
            Answers.plain(res, Status.BAD_REQUEST_400, "the body is not an activity with an actor");
            return;
        }
        if (!actor.get().getHost().equalsIgnoreCase(keyUrl.get().getHost())) {
            unauthorized(res, "the key is not on the actor's host");
            return;
        }
        // the path as the sender wrote it, not as routed under /ap
        String target = req.prologue().uriPath().rawPath()
                        + (req.prologue().query().rawValue().isEmpty() ? "" : "?" + req.prologue().query().rawValue());
        try {
            String signed = HttpSignatures.signingString(signature, req.prologue().method().text(), target, headerName -> header(req, headerName));
            if (!verifiedBy(signature, signed, actor.get()) && !isGoneActorsOwnDelete(activity, actor.get())) {
                unauthorized(res, "the signature does not verify with the actor's key");
                return;
            }
        } catch (HttpSignatures.Invalid e) {
            unauthorized(res, e.getMessage());
            return;
        }
        // counted once the server is known to be who it says (a forger cannot spend another server's budget);
        // unsigned floods meet the per-client-address limit of every endpoint
        Duration wait = perHost.acquire(keyHost.toLowerCase(Locale.ROOT));
        if (!wait.isZero()) {
            res.header(HeaderNames.RETRY_AFTER, String.valueOf(Math.max(1, wait.toSeconds())));
            Answers.plain(res, Status.TOO_MANY_REQUESTS_429, "too many activities from " + keyHost);
            return;
        }
        try {
            inbox.handle(activity, actor.get(), ClientAddress.of(req));
        } catch (PingRefusedException e) {
            LOG.fine(() -> "an activity from " + actor.get() + " was not taken: " + e.getMessage());
        } catch (JdbiException e) {
            throw e; // the database failed: not the sender's fault, and worth their retry
        } catch (RuntimeException e) {
            // a shape we did not foresee: it is ignored, like any activity we do not handle
            LOG.log(Level.INFO, "ignored an activity from " + actor.get() + " that could not be read", e);
        }
        res.status(Status.ACCEPTED_202).send();
    }

    /**
     * The signature verifies with the key it names, owned by the actor. A failure with a key read
     * more than {@link #REFETCH_AFTER} ago reads it once more (the actor may have rotated it); a
     * key just read is not read again, so junk naming another server's key costs it one fetch at most.
     */
    private boolean verifiedBy(HttpSignatures.Signature signature, String signed, URI actor) {
        Optional<RemoteActors.Key> key = remote.key(signature.keyId(), false);
        if (verifies(key, signature, signed, actor)) {
            return true;
        }
        boolean stale = key.isEmpty() || key.get().fetchedAt().isBefore(clock.instant().minus(REFETCH_AFTER));
        return stale && verifies(remote.key(signature.keyId(), true), signature, signed, actor);
    }

    private static boolean verifies(Optional<RemoteActors.Key> key, HttpSignatures.Signature signature, String signed, URI actor) {
        return key.isPresent() && key.get().owner().equals(actor) && HttpSignatures.verifies(signature, key.get().publicKey(), signed);
    }

    /**
     * A deleted account's server tells of its deletion signed with a key it no longer serves:
     * such a Delete of the actor itself is taken when the actor's own server answers that it is gone.
     */
    private boolean isGoneActorsOwnDelete(JsonNode activity, URI actor) {
        return ActivityJson.type(activity).equals("Delete")
               && ActivityJson.idOf(activity, "object").map(actor.toString()::equals).orElse(false)
               && remote.isGone(actor);
    }

    /** All values of a request header, joined as HTTP joins them, or null. */
    private static String header(ServerRequest req, String name) {
        var headers = req.headers();
        var headerName = HeaderNames.create(name);
        return headers.contains(headerName) ? String.join(", ", headers.get(headerName).allValues()) : null;
    }

    private static boolean wantsHtml(ServerRequest req) {
        String accept = Optional.ofNullable(header(req, "accept")).orElse("").toLowerCase(Locale.ROOT);
        return accept.contains("text/html") && !accept.contains("json");
    }

    private static void redirect(ServerResponse res, String url) {
        res.status(Status.SEE_OTHER_303).header(HeaderNames.LOCATION, url).send();
    }

    private static void activityJson(ServerResponse res, Map<String, Object> document) {
        res.header(HeaderNames.CONTENT_TYPE, ACTIVITY_JSON);
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        res.send(Answers.bytes(document));
    }

    private static void unauthorized(ServerResponse res, String why) {
        res.header(HeaderNames.WWW_AUTHENTICATE, "Signature realm=\"linkback\",headers=\"(request-target) host date digest\"");
        Answers.plain(res, Status.UNAUTHORIZED_401, why);
    }
}
