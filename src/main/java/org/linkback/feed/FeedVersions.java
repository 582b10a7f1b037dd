package org.linkback.feed;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import org.linkback.backlink.Backlink;
import org.linkback.backlink.BacklinkListener;
import org.linkback.store.Database;
import org.linkback.store.Dialect;

/**
 * The version of each feed (an article's or a site's backlinks), kept in {@code feed_version}:
 * every change to a feed's backlinks bumps it in the change's own unit of work.
 *
 * <p>Feeds are served from rendered bytes as long as their version stays the same, so the version
 * is asked for on every feed request, and asking the database each time cost more than the rest of
 * the request. This process therefore remembers the versions it has read: a change made here forgets
 * the feed's version when it is made and again as soon as it commits (the next request reads it afresh), and a remembered
 * version is read again when it is older than {@link #RECHECK}, which is how a change made by
 * another process sharing the database shows. One request at a time does that re-read; the others
 * keep serving the version they know meanwhile.
 */
public final class FeedVersions implements BacklinkListener {

    /** How stale a version this process did not change itself may be. */
    public static final Duration RECHECK = Duration.ofSeconds(1);

    private static final String MERGE = "MERGE INTO feed_version USING (VALUES (CAST(:key AS VARCHAR(2100)))) AS changed (feed_key) "
                                        + "ON feed_version.feed_key = changed.feed_key "
                                        + "WHEN MATCHED THEN UPDATE SET version = feed_version.version + 1 "
                                        + "WHEN NOT MATCHED THEN INSERT (feed_key, version) VALUES (changed.feed_key, 1)";
    /** PostgreSQL's MERGE can fail when two transactions create one new key at once; this cannot. */
    private static final String UPSERT = "INSERT INTO feed_version (feed_key, version) VALUES (:key, 1) "
                                         + "ON CONFLICT (feed_key) DO UPDATE SET version = feed_version.version + 1";

    private final Database database;
    /**
     * Reads "how old is this version" in milliseconds (it was System.nanoTime, which no test can
     * move). A wall clock may be set back: a version read "in the future" is read again too.
     */
    private final Clock clock;
    /** Bounded by weight (keys are URLs, and anyone can ask for a feed of any URL under a site): 8 MiB. */
    private final Cache<String, Known> known = Caffeine.newBuilder()
            .maximumWeight(8 * 1024 * 1024)
            .weigher((String key, Known version) -> 2 * key.length() + 64)
            .build();

    private static final class Known {
        volatile long version;
        volatile long readAt;
        final AtomicBoolean reading = new AtomicBoolean();

        Known(long version, long readAt) {
            this.version = version;
            this.readAt = readAt;
        }
    }

    public FeedVersions(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** The key of an article's feed version. */
    public static String articleKey(String target) {
        return "t:" + target;
    }

    /** The key of a site's feed version. */
    public static String siteKey(String site) {
        return "s:" + site;
    }

    /** The feed's current version: it changes with every change to its backlinks, in every process. */
    public long current(String key) {
        Known k = known.get(key, this::read);
        long now = clock.millis();
        long age = now - k.readAt;
        if ((age > RECHECK.toMillis() || age < 0) && k.reading.compareAndSet(false, true)) {
            try {
                k.version = database.read(h -> select(h, key));
                k.readAt = now;
            } finally {
                k.reading.set(false);
            }
        }
        return k.version;
    }

    /**
     * Bumps a feed's version in the unit of work of a change; this process forgets the version it
     * knew now and again once the change commits. (Forgetting only after the commit left a moment
     * in which a reader who saw the change, on another thread, could still be served the feed from
     * before it: the after-commit callback had not run yet.)
     */
    private void bump(Handle h, String key) {
        h.createUpdate(bumpSql()).bind("key", key).execute();
        known.invalidate(key);
        h.afterCommit(() -> known.invalidate(key));
    }

    /** A backlink changed: its article's feed and its site's feed have a new version. */
    @Override
    public void changed(Handle h, Change change) {
        keysOf(change).forEach(key -> bump(h, key));
    }

    /** Many changes (an import's batch): each feed bumped once. */
    @Override
    public void changedAll(Handle h, List<Change> changes) {
        Set<String> keys = new LinkedHashSet<>();
        changes.forEach(change -> keys.addAll(keysOf(change)));
        bumpAll(h, keys);
    }

    private static Set<String> keysOf(Change change) {
        Set<String> keys = new LinkedHashSet<>();
        for (Backlink b : List.of(change.before(), change.after()).stream().flatMap(Optional::stream).toList()) {
            keys.add(articleKey(b.target()));
            keys.add(siteKey(b.site()));
        }
        return keys;
    }

    /** {@link #bump} for many feeds at once (a bulk load, an import), in one batch. */
    private void bumpAll(Handle h, Collection<String> keys) {
        PreparedBatch batch = h.prepareBatch(bumpSql());
        keys.forEach(key -> batch.bind("key", key).add());
        batch.execute();
        known.invalidateAll(keys);
        h.afterCommit(() -> known.invalidateAll(keys));
    }

    private String bumpSql() {
        return database.dialect() == Dialect.POSTGRESQL ? UPSERT : MERGE;
    }

    private Known read(String key) {
        long now = clock.millis();
        return new Known(database.read(h -> select(h, key)), now);
    }

    private static long select(Handle h, String key) {
        return h.createQuery("SELECT version FROM feed_version WHERE feed_key = :key")
                .bind("key", key).mapTo(Long.class).findOne().orElse(0L);
    }
}
