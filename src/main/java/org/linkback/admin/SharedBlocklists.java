package org.linkback.admin;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

import org.jdbi.v3.core.Handle;

import org.linkback.audit.AuditEntry;
import org.linkback.audit.AuditLog;
import org.linkback.backlink.Backlinks;
import org.linkback.backlink.Cause;
import org.linkback.backlink.ModerationStatus;
import org.linkback.fetch.FetchException;
import org.linkback.fetch.Fetched;
import org.linkback.fetch.SafeFetcher;
import org.linkback.spam.Blocklist;
import org.linkback.spam.SharedList;
import org.linkback.store.ClusterLease;
import org.linkback.store.Database;
import org.linkback.task.BackgroundTask;
import org.linkback.text.Text;

/**
 * Shared blocklists an admin (for every site) or a site's owner (for theirs) follows by URL.
 * Each refresh reads the list through the safe fetcher (a conditional GET, within the fetch's
 * size cap), and applies what changed in one unit of work: a host that joined is blocked like a
 * blocklist entry (its backlinks there become spam), a host that left is unblocked and the
 * backlinks this list marked spam get their status back (the undoable-block rule). Every change
 * is audited with the list as its actor ({@code list:ID}). A list that cannot be read, or reads
 * as HTML, empty or huge, keeps its last good copy and says why ({@code lastError}).
 * {@link #start()} refreshes every list on a schedule, in one process of several.
 */
final class SharedBlocklists implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SharedBlocklists.class.getName());
    private static final String ACCEPT = "text/plain, */*;q=0.5";

    /** A followed list as the API shows it. {@code site}: null for every site. */
    record Subscription(long id, String site, String url, Instant createdAt, Instant checkedAt, Instant updatedAt, String lastError,
                        int hosts) {
    }

    private final Database database;
    private final Backlinks backlinks;
    private final Blocklist blocklist;
    private final AuditLog audit;
    private final SafeFetcher fetcher;
    private final Clock clock;
    private final BackgroundTask refresher;

    SharedBlocklists(Database database, Backlinks backlinks, Blocklist blocklist, AuditLog audit, SafeFetcher fetcher, Duration every,
                     Clock clock) {
        this.database = database;
        this.backlinks = backlinks;
        this.blocklist = blocklist;
        this.audit = audit;
        this.fetcher = fetcher;
        this.clock = clock;
        this.refresher = BackgroundTask.leased("blocklist-lists", every, "could not refresh the followed blocklists",
                                               new ClusterLease(database, "blocklist-lists", every.plusMinutes(10), clock),
                                               () -> all().forEach(list -> refreshQuietly(list.id())));
    }

    /** A scheduled refresh: one list's failure (or its unfollowing meanwhile) never stops the others'. */
    private void refreshQuietly(long id) {
        try {
            refresh(id);
        } catch (RuntimeException e) {
            LOG.warning(() -> "could not refresh blocklist list " + id + ": " + e);
        }
    }

    SharedBlocklists start() {
        refresher.start();
        return this;
    }

    /** The lists of one scope: a site's, or (null) the global ones. */
    List<Subscription> list(String site) {
        return database.read(h -> h.createQuery(SELECT + " WHERE COALESCE(site, '') = :site ORDER BY id")
                .bind("site", site == null ? "" : site).map((rs, ctx) -> subscription(rs)).list());
    }

    private List<Subscription> all() {
        return database.read(h -> h.createQuery(SELECT + " ORDER BY id").map((rs, ctx) -> subscription(rs)).list());
    }

    /** A list of this scope by id. */
    Optional<Subscription> find(long id, String site) {
        return database.read(h -> h.createQuery(SELECT + " WHERE id = :id").bind("id", id).map((rs, ctx) -> subscription(rs)).findOne())
                .filter(s -> java.util.Objects.equals(s.site(), site));
    }

    /** Lists one scope may follow: each is read, kept and matched by every process. */
    static final int MAX_PER_SCOPE = 20;

    /** Too many lists followed already. */
    static final class TooMany extends RuntimeException {
        TooMany() {
            super("at most " + MAX_PER_SCOPE + " lists can be followed here", null, false, false);
        }
    }

    /**
     * Follows a list and reads it at once; a list this scope follows already is the one returned.
     *
     * @throws TooMany when this scope follows {@link #MAX_PER_SCOPE} lists already
     */
    Subscription subscribe(String site, URI url, String by) {
        List<Subscription> followed = list(site);
        Optional<Subscription> known = followed.stream().filter(s -> s.url().equals(url.toString())).findFirst();
        if (known.isPresent()) {
            return known.get();
        }
        if (followed.size() >= MAX_PER_SCOPE) {
            throw new TooMany();
        }
        long id = database.inTransaction(h -> {
            long made = h.createUpdate("INSERT INTO blocklist_subscription (site, url, created_at, created_by) VALUES (:site, :url, :now, :by)")
                    .bind("site", site).bind("url", url.toString()).bind("now", Timestamp.from(clock.instant())).bind("by", by)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            audit.record(h, AuditEntry.of(by, "blocklist.list.followed", null, null, null, null, null, null, null,
                                          url + " (list " + made + ")").withSite(site));
            return made;
        });
        return refresh(id);
    }

    /** Stops following a list: its hosts are unblocked and what it marked spam restored. */
    boolean unsubscribe(long id, String site, String by) {
        Optional<Subscription> list = find(id, site);
        if (list.isEmpty()) {
            return false;
        }
        database.useTransaction(h -> {
            Set<String> hosts = hostsOf(h, id);
            int restored = 0;
            for (String pattern : hosts) {
                restored += restore(h, list.get(), pattern);
            }
            h.createUpdate("DELETE FROM blocklist_subscription WHERE id = :id").bind("id", id).execute();
            audit.record(h, AuditEntry.of(by, "blocklist.list.unfollowed", null, null, null, null, null, null, null,
                                          list.get().url() + " (list " + id + "; " + hosts.size() + " hosts unblocked, " + restored
                                          + " backlinks restored)").withSite(site));
            blocklist.reloadAfter(h);
        });
        return true;
    }

    /**
     * Reads a list again and applies what changed; a failure keeps the last good copy and is
     * recorded as the list's {@code lastError}.
     */
    Subscription refresh(long id) {
        Optional<Subscription> followed = database.read(h -> h.createQuery(SELECT + " WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> subscription(rs)).findOne());
        if (followed.isEmpty()) {
            throw new IllegalStateException("list " + id + " is no longer followed");
        }
        Subscription list = followed.get();
        Map<String, String> validators = database.read(h -> h.createQuery("SELECT etag, last_modified FROM blocklist_subscription WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> {
                    Map<String, String> v = new HashMap<>();
                    Optional.ofNullable(rs.getString("etag")).ifPresent(etag -> v.put("If-None-Match", etag));
                    Optional.ofNullable(rs.getString("last_modified")).ifPresent(date -> v.put("If-Modified-Since", date));
                    return v;
                }).one());
        Fetched answer;
        try {
            answer = fetcher.fetch(new SafeFetcher.Request(URI.create(list.url()), "reading a shared blocklist", null, ACCEPT, false,
                                                           validators));
        } catch (FetchException e) {
            return failed(id, "could not be read: " + e.getMessage());
        }
        if (answer.status() == 304) {
            return checked(id, null, null, null);
        }
        if (!answer.isSuccess()) {
            return failed(id, "the list's server answered " + answer.status());
        }
        if (answer.truncated()) {
            return failed(id, "the list is larger than fetch.max-bytes");
        }
        if (answer.contentType().toLowerCase(java.util.Locale.ROOT).contains("html")) {
            return failed(id, "the list is an HTML page, not a list of hosts");
        }
        Set<String> now;
        try {
            now = SharedList.read(new String(answer.body(), StandardCharsets.UTF_8));
        } catch (SharedList.Unusable e) {
            return failed(id, e.getMessage());
        }
        String etag = answer.header("ETag").stream().findFirst().filter(v -> v.length() <= 500).orElse(null);
        String lastModified = answer.header("Last-Modified").stream().findFirst().filter(v -> v.length() <= 100).orElse(null);
        database.useTransaction(h -> {
            if (apply(h, list, now)) {
                checked(h, id, etag, lastModified, now.size());
            }
        });
        return find(id);
    }

    /**
     * Blocks the hosts that joined and unblocks those that left, each audited with the list as
     * the actor. The list's row is locked first, so two refreshes of one list (a schedule's and a
     * person's, in two processes) take turns.
     *
     * @return false when the list was unfollowed meanwhile
     */
    private boolean apply(Handle h, Subscription list, Set<String> now) {
        if (h.createUpdate("UPDATE blocklist_subscription SET checked_at = checked_at WHERE id = :id").bind("id", list.id()).execute() == 0) {
            return false;
        }
        Set<String> before = hostsOf(h, list.id());
        Cause byList = Cause.moderator(actor(list), null, list.site());
        for (String pattern : now) {
            if (before.contains(pattern)) {
                continue;
            }
            h.createUpdate("INSERT INTO blocklist_subscription_host (subscription_id, pattern) VALUES (:id, :pattern)")
                    .bind("id", list.id()).bind("pattern", pattern).execute();
            boolean wildcard = pattern.startsWith("*.");
            int marked = backlinks.blocked(h, wildcard ? pattern.substring(2) : pattern, wildcard, byList, marking(list, pattern)).size();
            if (marked > 0) {
                audit.record(h, AuditEntry.of(actor(list), "blocklist.list.added", null, null, null, null, null, null, null,
                                              pattern + " (" + marked + " backlinks marked spam)").withSite(list.site()));
            }
        }
        for (String pattern : before) {
            if (!now.contains(pattern)) {
                h.createUpdate("DELETE FROM blocklist_subscription_host WHERE subscription_id = :id AND pattern = :pattern")
                        .bind("id", list.id()).bind("pattern", pattern).execute();
                int restored = restore(h, list, pattern);
                audit.record(h, AuditEntry.of(actor(list), "blocklist.list.removed", null, null, null, null, null, null, null,
                                              pattern + " left the list (" + restored + " backlinks restored)").withSite(list.site()));
            }
        }
        int added = (int) now.stream().filter(p -> !before.contains(p)).count();
        int removed = (int) before.stream().filter(p -> !now.contains(p)).count();
        if (added + removed > 0) {
            h.createUpdate("UPDATE blocklist_subscription SET revision = revision + 1 WHERE id = :id").bind("id", list.id()).execute();
            audit.record(h, AuditEntry.of(actor(list), "blocklist.list.refreshed", null, null, null, null, null, null, null,
                                          list.url() + " (" + added + " hosts added, " + removed + " removed; " + now.size() + " in all)")
                    .withSite(list.site()));
        }
        blocklist.reloadAfter(h);
        return true;
    }

    /** Gives back their status to the backlinks this list's entry marked spam, if spam still. */
    private int restore(Handle h, Subscription list, String pattern) {
        int restored = 0;
        Cause byList = Cause.moderator(actor(list), null, list.site());
        for (Moderation.BlockedBacklink blocked : Moderation.markedBy(h, marking(list, pattern))) {
            boolean stillBlocked = backlinks.findById(h, blocked.backlinkId())
                    .map(b -> stillBlocked(h, b.sourceHost(), b.site(), list.id())).orElse(false);
            if (blocked.statusBefore() != null && !stillBlocked
                && backlinks.restored(h, blocked.backlinkId(), ModerationStatus.fromId(blocked.statusBefore()), byList,
                                      "left list " + list.id() + ": " + pattern + ": restored").isPresent()) {
                restored++;
            }
        }
        return restored;
    }

    /**
     * Whether a host is blocked for a site by something else than this list: the global list or
     * the site's, or another followed list (global or the site's). Read in the unit of work (the
     * cache is not new until it commits).
     */
    private static boolean stillBlocked(Handle h, String host, String site, long exceptList) {
        List<String> patterns = new java.util.ArrayList<>(List.of(host));
        for (String d = host; d.contains("."); d = d.substring(d.indexOf('.') + 1)) {
            patterns.add("*." + d);
        }
        patterns.add("*." + host.substring(host.lastIndexOf('.') + 1));
        String owner = Objects.requireNonNullElse(site, "");
        long entries = h.createQuery("SELECT COUNT(*) FROM blocklist WHERE pattern IN (<p>)").bindList("p", patterns)
                               .mapTo(Long.class).one()
                       + h.createQuery("SELECT COUNT(*) FROM site_blocklist WHERE site = :site AND pattern IN (<p>)")
                               .bind("site", owner).bindList("p", patterns).mapTo(Long.class).one()
                       + h.createQuery("SELECT COUNT(*) FROM blocklist_subscription_host l JOIN blocklist_subscription s "
                                       + "ON s.id = l.subscription_id WHERE l.subscription_id <> :list "
                                       + "AND COALESCE(s.site, :site) = :site AND l.pattern IN (<p>)")
                               .bind("list", exceptList).bind("site", owner).bindList("p", patterns).mapTo(Long.class).one();
        return entries > 0;
    }

    /** The audit detail of a backlink this list's entry marked spam (what restoring looks for). */
    private static String marking(Subscription list, String pattern) {
        return "blocked " + pattern + " by list " + list.id();
    }

    private static String actor(Subscription list) {
        return "list:" + list.id();
    }

    private static Set<String> hostsOf(Handle h, long id) {
        return new HashSet<>(h.createQuery("SELECT pattern FROM blocklist_subscription_host WHERE subscription_id = :id")
                                     .bind("id", id).mapTo(String.class).list());
    }

    private Subscription failed(long id, String why) {
        LOG.info(() -> "blocklist list " + id + " kept its last good copy: " + why);
        database.useTransaction(h -> h.createUpdate("UPDATE blocklist_subscription SET checked_at = :now, last_error = :why WHERE id = :id")
                .bind("id", id).bind("now", Timestamp.from(clock.instant())).bind("why", Text.cut(why, 500)).execute());
        return find(id);
    }

    /** A good read that found the list as it was (304). */
    private Subscription checked(long id, String etag, String lastModified, Integer hosts) {
        database.useTransaction(h -> checked(h, id, etag, lastModified, hosts));
        return find(id);
    }

    /** A good read, in the unit of work that applied it: {@code hosts} null when the list had not changed (304). */
    private void checked(Handle h, long id, String etag, String lastModified, Integer hosts) {
        h.createUpdate("UPDATE blocklist_subscription SET checked_at = :now, last_error = NULL WHERE id = :id")
                .bind("id", id).bind("now", Timestamp.from(clock.instant())).execute();
        if (hosts != null) {
            h.createUpdate("UPDATE blocklist_subscription SET updated_at = :now, etag = :etag, last_modified = :modified, "
                           + "host_count = :hosts WHERE id = :id")
                    .bind("id", id).bind("now", Timestamp.from(clock.instant())).bind("etag", etag).bind("modified", lastModified)
                    .bind("hosts", hosts).execute();
        }
    }

    private Subscription find(long id) {
        return database.read(h -> h.createQuery(SELECT + " WHERE id = :id").bind("id", id).map((rs, ctx) -> subscription(rs)).one());
    }

    private static final String SELECT = "SELECT id, site, url, created_at, checked_at, updated_at, last_error, host_count "
                                         + "FROM blocklist_subscription";

    private static Subscription subscription(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Subscription(rs.getLong("id"), rs.getString("site"), rs.getString("url"), rs.getTimestamp("created_at").toInstant(),
                                instant(rs.getTimestamp("checked_at")), instant(rs.getTimestamp("updated_at")), rs.getString("last_error"),
                                rs.getInt("host_count"));
    }

    private static Instant instant(Timestamp time) {
        return time == null ? null : time.toInstant();
    }

    @Override
    public void close() {
        refresher.close();
    }
}
