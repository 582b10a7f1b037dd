package org.linkback.activitypub;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import io.helidon.webserver.http.Handler;

import org.linkback.config.LinkbackConfig;
import org.linkback.config.Sites;
import org.linkback.fetch.SafeFetcher;
import org.linkback.queue.JobQueue;
import org.linkback.queue.JobWorker;
import org.linkback.receive.LinkReceiver;
import org.linkback.send.FeedWatcher;
import org.linkback.spam.Blocklist;
import org.linkback.store.Database;

/**
 * Every site an ActivityPub actor: built once, it serves {@code /ap} and WebFinger
 * ({@link #service}, {@link #webfinger}), publishes what the feed watcher finds
 * ({@link #publisher}), and runs the worker that delivers to other servers ({@link #start},
 * {@link #close}).
 */
public final class Fediverse implements AutoCloseable {

    private final ActivityPubService service;
    private final Publisher publisher;
    private final JobWorker deliveryWorker;

    public Fediverse(LinkbackConfig config, Sites sites, Database database, SafeFetcher fetcher, LinkReceiver receiver,
                     Blocklist blocklist, Clock clock) {
        Actors actors = new Actors(config.publicUrl(), sites);
        ActorKeys keys = new ActorKeys(database, clock);
        Followers followers = new Followers(database);
        RemoteActors remote = new RemoteActors(fetcher, clock, url -> HttpSignatures.signedGet(
                url, actors.instanceKeyId(), keys.of(ActorKeys.INSTANCE).privateKey(), clock.instant()));
        JobQueue queue = JobQueue.deliveries(database, clock);
        Deliveries deliveries = new Deliveries(database, queue, fetcher, keys, actors, followers, clock);
        this.publisher = new Publisher(database, actors, keys, deliveries, clock);
        Inbox inbox = new Inbox(database, sites, actors, remote, followers, deliveries, receiver, clock);
        this.service = new ActivityPubService(database, sites, actors, keys, remote, followers, publisher, inbox, blocklist, config.fediverse(),
                                               clock);
        LinkbackConfig.Queue queueConfig = config.queue();
        this.deliveryWorker = new JobWorker("deliveries", queue, deliveries,
                                            new LinkbackConfig.Queue(queueConfig.pollInterval(), queueConfig.lease(),
                                                                     config.fediverse().deliveryWorkers(), queueConfig.retryBase(),
                                                                     queueConfig.retryMax(), queueConfig.maxAttempts()));
    }

    /**
     * Where the fediverse finds an article's object ({@code /ap/articles?url=…}): the
     * {@code <link rel="alternate" type="application/activity+json">} of the discovery snippet.
     */
    public static String articleObjectUrl(URI publicUrl, URI article) {
        String base = publicUrl.toString().endsWith("/") ? publicUrl.toString().substring(0, publicUrl.toString().length() - 1)
                : publicUrl.toString();
        return base + "/ap/articles?url=" + URLEncoder.encode(article.toString(), StandardCharsets.UTF_8);
    }

    /** Starts delivering. */
    public Fediverse start() {
        deliveryWorker.start();
        return this;
    }

    /** {@code /ap}: actors, their collections, article objects and inboxes. */
    public ActivityPubService service() {
        return service;
    }

    /** {@code GET /.well-known/webfinger}. */
    public Handler webfinger() {
        return service::webfinger;
    }

    /** What publishes the feed watcher's new and changed entries. */
    public FeedWatcher.Listener publisher() {
        return publisher;
    }

    @Override
    public void close() {
        deliveryWorker.close();
    }
}
