package org.linkback.send;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;

import org.linkback.config.Site;
import org.linkback.config.Sites;
import org.linkback.fetch.FetchException;
import org.linkback.fetch.Fetched;
import org.linkback.fetch.SafeFetcher;
import org.linkback.store.ClusterLease;
import org.linkback.store.Database;
import org.linkback.task.BackgroundTask;
import org.linkback.url.Urls;

/**
 * Sends by itself: polls each site's own feed ({@code sites[].feed-url}) with a conditional GET
 * and sends for every entry on the site that is new, or updated since the last poll; then tells
 * its {@link Listener}s (the fediverse publishes them). {@link #start()} starts the poller,
 * {@link #close()} stops it.
 */
public final class FeedWatcher implements AutoCloseable {

    /** Told, after each poll that read a site's feed, of its new and changed entries. */
    public interface Listener {
        void read(Site site, Feed feed);
    }

    /**
     * What a poll found new or changed in a site's feed.
     *
     * @param icon      the feed's icon or logo URL, or null
     * @param firstLook this was the first time the site's feed was read: every entry is its backlog
     */
    public record Feed(String icon, boolean firstLook, List<Entry> entries) {
    }

    /**
     * An entry of a site's feed: its article's URL (canonical), title and summary (HTML from the
     * feed, not yet cleaned), when it was first published, and whether it is new or changed.
     */
    public record Entry(URI link, String title, String summaryHtml, Instant published, boolean isNew) {
    }

    private enum Seen { NEW, CHANGED, KNOWN }

    private static final Logger LOG = Logger.getLogger(FeedWatcher.class.getName());

    private final Sites sites;
    private final Database database;
    private final SafeFetcher fetcher;
    private final Outbox outbox;
    private final Duration every;
    private final Map<String, Map<String, String>> validators = new ConcurrentHashMap<>();
    private final BackgroundTask poller;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** The sites whose feed this process has read. */
    private final java.util.Set<String> looked = ConcurrentHashMap.newKeySet();

    public FeedWatcher(Sites sites, Database database, SafeFetcher fetcher, Outbox outbox, Duration every) {
        this(sites, database, fetcher, outbox, every, Clock.systemUTC());
    }

    /** Tells the listener of every poll's new and changed entries from now on. */
    public FeedWatcher listen(Listener listener) {
        listeners.add(listener);
        return this;
    }

    /** @param clock decides when the watcher's lease has expired */
    public FeedWatcher(Sites sites, Database database, SafeFetcher fetcher, Outbox outbox, Duration every, Clock clock) {
        this.sites = sites;
        this.database = database;
        this.fetcher = fetcher;
        this.outbox = outbox;
        this.every = every;
        // when several processes share the database, the one holding this lease polls
        this.poller = BackgroundTask.leased("feed-watcher", every, "could not take the feed watcher's lease",
                                            new ClusterLease(database, "feed-watcher", every.multipliedBy(2).plusSeconds(60), clock),
                                            () -> sites.all().stream().filter(site -> site.feedUrl() != null).forEach(this::pollSafely));
    }

    /** Starts polling, when polling is on (also with no feed yet: a site made at runtime may bring one). */
    public FeedWatcher start() {
        if (every.isPositive()) {
            poller.start();
        }
        return this;
    }

    private void pollSafely(Site site) {
        try {
            pollOnce(site);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not poll the feed of site " + site.name(), e);
        }
    }

    /** One poll of one site's feed; sends for new and updated entries. */
    void pollOnce(Site site) {
        Fetched answer;
        try {
            answer = fetcher.fetch(new SafeFetcher.Request(site.feedUrl(), "watching the site's feed", null,
                                                          "application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.1",
                                                          true, validators.getOrDefault(site.name(), Map.of())));
        } catch (FetchException e) {
            LOG.info(() -> "feed of site " + site.name() + " not read: " + e.getMessage());
            return;
        }
        if (answer.status() == 304 || !answer.isSuccess()) {
            return;
        }
        Map<String, String> next = new HashMap<>();
        answer.header("ETag").stream().findFirst().ifPresent(etag -> next.put("If-None-Match", etag));
        answer.header("Last-Modified").stream().findFirst().ifPresent(date -> next.put("If-Modified-Since", date));
        validators.put(site.name(), next);
        SyndFeed feed;
        try {
            feed = new SyndFeedInput().build(new InputStreamReader(new ByteArrayInputStream(answer.body()), StandardCharsets.UTF_8));
        } catch (Exception e) {
            LOG.info(() -> "feed of site " + site.name() + " is not a feed: " + e.getMessage());
            return;
        }
        // the first look: this process never read the feed, and no entry of it was ever stored (an empty feed stays new)
        boolean firstLook = looked.add(site.name()) && database.read(h -> h.createQuery("SELECT COUNT(*) FROM feed_entry WHERE site = :site")
                .bind("site", site.name()).mapTo(Long.class).one()) == 0;
        List<Entry> found = new ArrayList<>();
        for (SyndEntry entry : feed.getEntries()) {
            Optional<URI> link = Optional.ofNullable(entry.getLink()).flatMap(Urls::parseCanonical).filter(site::contains);
            if (link.isEmpty()) {
                continue;
            }
            Instant published = Optional.ofNullable(entry.getPublishedDate()).map(java.util.Date::toInstant).orElse(null);
            Instant changed = Optional.ofNullable(entry.getUpdatedDate()).map(java.util.Date::toInstant).orElse(published);
            Seen seen = seen(site, link.get().toString(), changed);
            if (seen != Seen.KNOWN) {
                try {
                    outbox.queue(link.get().toString());
                } catch (Outbox.NotSendable e) {
                    LOG.info(() -> "not sent for " + link.get() + ": " + e.getMessage());
                }
                found.add(new Entry(link.get(), entry.getTitle(), summary(entry), published != null ? published : changed,
                                    seen == Seen.NEW));
            }
        }
        String icon = feed.getIcon() != null ? feed.getIcon().getUrl() : feed.getImage() != null ? feed.getImage().getUrl() : null;
        Feed read = new Feed(icon, firstLook, List.copyOf(found));
        for (Listener listener : listeners) {
            try {
                listener.read(site, read);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a listener of site " + site.name() + "'s feed failed", e);
            }
        }
    }

    /** An entry's summary, else its content, as the feed has it (HTML), or null. */
    private static String summary(SyndEntry entry) {
        if (entry.getDescription() != null && entry.getDescription().getValue() != null) {
            return entry.getDescription().getValue();
        }
        return entry.getContents().stream().map(content -> content.getValue()).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** Remembers the entry's change: whether it is new, changed since the one remembered, or known as it is. */
    private Seen seen(Site site, String link, Instant changed) {
        return database.inTransaction(h -> {
            Optional<Timestamp> before = h.createQuery("SELECT changed_at FROM feed_entry WHERE site = :site AND link = :link")
                    .bind("site", site.name())
                    .bind("link", link)
                    .map((rs, ctx) -> Optional.ofNullable(rs.getTimestamp("changed_at")))
                    .findOne()
                    .orElse(null);
            Timestamp now = Timestamp.from(Instant.now());
            Timestamp changedAt = changed == null ? null : Timestamp.from(changed);
            if (before == null) {
                // true for the one process that records it first
                return database.dialect().insertUnlessTaken(h, "INSERT INTO feed_entry (site, link, changed_at, seen_at) "
                                                               + "VALUES (:site, :link, :changed, :now)", "site, link",
                                                            insert -> insert.bind("site", site.name()).bind("link", link)
                                                                    .bind("changed", changedAt).bind("now", now)) == 1
                        ? Seen.NEW : Seen.KNOWN;
            }
            boolean later = changedAt != null && (before.isEmpty() || changedAt.after(before.get()));
            h.createUpdate("UPDATE feed_entry SET changed_at = :changed, seen_at = :now WHERE site = :site AND link = :link")
                    .bind("site", site.name()).bind("link", link).bind("changed", changedAt).bind("now", now).execute();
            return later ? Seen.CHANGED : Seen.KNOWN;
        });
    }

    @Override
    public void close() {
        poller.close();
    }
}
