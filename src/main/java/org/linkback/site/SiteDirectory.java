package org.linkback.site;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Logger;

import org.jdbi.v3.core.Handle;

import org.linkback.config.Site;
import org.linkback.config.Sites;
import org.linkback.store.Database;
import org.linkback.task.BackgroundTask;
import org.linkback.url.Urls;

/**
 * The sites, kept in the {@code site} table: the YAML file's are applied at start (created or
 * updated), others are created, changed and deleted at runtime. The live {@link Sites} every part
 * holds is replaced whenever the table's revision moves: at once after a change made here, and
 * within {@link #RECHECK} for a change another process made.
 *
 * <p>Changes take the revision row's lock first, so two processes never create overlapping sites
 * at the same moment, and are checked against the sites as they are after that lock.
 */
public final class SiteDirectory implements AutoCloseable {

    /** How soon a change made by another process sharing the database shows here. */
    public static final Duration RECHECK = Duration.ofSeconds(1);

    private static final Logger LOG = Logger.getLogger(SiteDirectory.class.getName());

    private final Database database;
    private final Sites sites;
    private final SiteRules rules;
    private final Clock clock;
    private long revision = -1;
    private BackgroundTask rereading;

    /**
     * @param sites     the live set of sites every part holds; replaced from the table from now on
     * @param publicUrl linkback's own address, which no site may have
     */
    public SiteDirectory(Database database, Sites sites, URI publicUrl, Clock clock) {
        this.database = database;
        this.sites = sites;
        this.rules = new SiteRules(sites, publicUrl);
        this.clock = clock;
    }

    /** Applies the YAML file's sites to the table, reads every site, and re-reads them each second from now on. */
    public SiteDirectory start(List<Site> configured) {
        database.useTransaction(h -> {
            lock(h);
            configured.forEach(site -> save(h, site));
        });
        reload();
        rereading = BackgroundTask.of("sites", RECHECK, "could not re-read the sites", this::refresh).start();
        return this;
    }

    /**
     * For a command that runs without the server ({@code export}, {@code send}): the sites of
     * the table, and the YAML file's over them.
     */
    public static void readInto(Database database, Sites sites) {
        database.read(h -> {
            addStored(h, sites);
            return null;
        });
    }

    /**
     * Sites were imported in this unit of work: every process re-reads them, and {@code sites}
     * has them now (for the backlinks imported after them).
     */
    public static void imported(Handle h, Sites sites) {
        h.createUpdate("UPDATE site_revision SET revision = revision + 1 WHERE id = 1").execute();
        addStored(h, sites);
    }

    /** The sites have the table's as well; where both name a site, the one they had stays. */
    private static void addStored(Handle h, Sites sites) {
        Map<String, Site> all = new LinkedHashMap<>();
        SiteRows.active(h).forEach(site -> all.put(site.name(), site));
        sites.all().forEach(site -> all.put(site.name(), site));
        sites.replace(List.copyOf(all.values()));
    }

    /** True when a site of this name is served, or was and was deleted (its backlinks can still be exported). */
    public static boolean known(Database database, Sites sites, String name) {
        return sites.byName(name).isPresent()
               || database.read(h -> h.createQuery("SELECT COUNT(*) FROM site WHERE name = :name").bind("name", name).mapTo(Integer.class).one()) > 0;
    }

    /**
     * A base URL someone may claim (sign-up): an http(s) URL, not this server's own, and no
     * site's (nor an alias's) nor under or above one.
     *
     * @return it in canonical form
     * @throws SiteRefused 400 for a bad URL or this server's, 409 for one a site covers
     */
    public URI claimable(String baseUrl) {
        return rules.claimable(baseUrl);
    }

    /**
     * A free site name made from a base URL: its host (and path) as a slug, {@code blog-example-com},
     * with {@code -2}, {@code -3} ... when that is taken (also by a deleted site).
     */
    public String freeName(URI baseUrl) {
        String slug = (baseUrl.getHost() + baseUrl.getRawPath()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        slug = slug.isEmpty() ? "site" : slug.substring(0, Math.min(56, slug.length())).replaceAll("-+$", "");
        for (int n = 1; ; n++) {
            String candidate = n == 1 ? slug : slug + "-" + n;
            if (!known(database, sites, candidate)) {
                return candidate;
            }
        }
    }

    /** The live sites. */
    public Sites sites() {
        return sites;
    }

    /**
     * Creates a site, taking pings at once.
     *
     * @param withIt what commits with it (its audit entry, its first owner token)
     * @throws SiteRefused 400 for a bad name or URL; 409 for a name taken (also by a deleted site)
     *                     or a base URL that overlaps another site's
     */
    public Site create(SiteDraft draft, Site.Origin origin, BiConsumer<Handle, Site> withIt) {
        Site site = database.inTransaction(h -> {
            lock(h);
            Site valid = rules.valid(draft, null, origin);
            int inserted = database.dialect().insertUnlessTaken(h, "INSERT INTO site (" + SiteRows.COLUMNS + ", created_at, updated_at) VALUES ("
                                                                   + SiteRows.VALUES + ", :now, :now)", "name",
                                                                update -> SiteRows.bind(update, valid).bind("now", now()));
            if (inserted == 0) {
                throw SiteRefused.conflict("a site named " + valid.name() + " exists (or existed: names of deleted sites stay taken)");
            }
            withIt.accept(h, valid);
            return valid;
        });
        reload();
        return site;
    }

    /**
     * Changes what a PATCH gives of a site (not its name).
     *
     * @param withIt what commits with the change (its audit entry)
     * @return empty when there is no such site
     */
    public Optional<Site> update(String name, SiteDraft patch, BiConsumer<Handle, Site> withIt) {
        Optional<Site> changed = database.inTransaction(h -> {
            lock(h);
            Optional<Site> current = sites.byName(name);
            if (current.isEmpty()) {
                return Optional.<Site>empty();
            }
            Site c = current.get();
            SiteDraft merged = new SiteDraft(name, or(patch.baseUrl(), c.baseUrl().toString()), or(patch.title(), c.title()),
                                             patch.aliases() != null ? patch.aliases() : c.aliases().stream().map(URI::toString).toList(),
                                             or(patch.language(), c.language()),
                                             or(patch.feedUrl(), c.feedUrl() == null ? null : c.feedUrl().toString()),
                                             or(patch.trailingSlash(), c.ignoreTrailingSlash() ? "ignore" : "keep"),
                                             or(patch.moderation(), c.moderation() == null ? null : c.moderation().name()),
                                             or(patch.fediverse(), c.fediverse().id()),
                                             patch.fediverseDomain() != null ? patch.fediverseDomain() : c.fediverseDomain());
            Site valid = rules.valid(merged, name, c.origin());
            SiteRows.bind(h.createUpdate("UPDATE site SET " + SiteRows.CHANGES + ", updated_at = :now WHERE name = :name"), valid)
                    .bind("now", now())
                    .execute();
            withIt.accept(h, valid);
            return Optional.of(valid);
        });
        reload();
        return changed;
    }

    /**
     * Deletes a site: it takes no more pings, its tokens stop working, its backlinks stay (for export).
     *
     * @param withIt what commits with it (its audit entry)
     * @return false when there is no such site
     */
    public boolean delete(String name, Consumer<Handle> withIt) {
        boolean deleted = database.inTransaction(h -> {
            lock(h);
            boolean found = h.createUpdate("UPDATE site SET deleted_at = :now WHERE name = :name AND deleted_at IS NULL")
                                    .bind("now", now()).bind("name", name).execute() == 1;
            if (found) {
                withIt.accept(h);
            }
            return found;
        });
        reload();
        return deleted;
    }

    /**
     * Forgets a deleted site: its row (its name is free again), its owner tokens and its blocklist.
     * Its backlinks must be purged first ({@code Backlinks.purgedSite}).
     *
     * @param withIt what commits with it (its audit entry)
     * @return false when there is no deleted site of that name
     */
    public boolean purge(String name, Consumer<Handle> withIt) {
        return database.inTransaction(h -> {
            lock(h);
            if (h.createUpdate("DELETE FROM site WHERE name = :name AND deleted_at IS NOT NULL").bind("name", name).execute() == 0) {
                return false;
            }
            h.createUpdate("DELETE FROM site_token WHERE site = :name").bind("name", name).execute();
            h.createUpdate("DELETE FROM site_blocklist WHERE site = :name").bind("name", name).execute();
            withIt.accept(h);
            return true;
        });
    }

    /** True when a site of this name was deleted (and not purged). */
    public boolean deleted(String name) {
        return database.read(h -> h.createQuery("SELECT COUNT(*) FROM site WHERE name = :name AND deleted_at IS NOT NULL")
                .bind("name", name).mapTo(Integer.class).one()) > 0;
    }

    /** Reads the sites again when the revision moved (another process changed one). */
    public void refresh() {
        long current = database.read(SiteDirectory::revision);
        if (current != knownRevision()) {
            reload();
        }
    }

    private synchronized long knownRevision() {
        return revision;
    }

    private synchronized void reload() {
        database.read(h -> {
            long seen = revision(h);
            sites.replace(SiteRows.active(h));
            revision = seen;
            return null;
        });
    }

    /** Takes the revision row's lock (and moves the revision): one change to the sites at a time, in every process. */
    private void lock(Handle h) {
        h.createUpdate("UPDATE site_revision SET revision = revision + 1 WHERE id = 1").execute();
        if (revision(h) - 1 != knownRevision()) {
            // another process changed the sites within the last second: check against them as they are now
            sites.replace(SiteRows.active(h));
        }
    }

    private static long revision(Handle h) {
        return h.createQuery("SELECT revision FROM site_revision WHERE id = 1").mapTo(Long.class).one();
    }

    /** A YAML site: created, or updated (and brought back if it was deleted). */
    private void save(Handle h, Site site) {
        int updated = SiteRows.bind(h.createUpdate("UPDATE site SET " + SiteRows.CHANGES + ", origin = :origin, updated_at = :now, "
                                                   + "deleted_at = NULL WHERE name = :name"), site)
                .bind("now", now())
                .execute();
        if (updated == 0) {
            SiteRows.bind(h.createUpdate("INSERT INTO site (" + SiteRows.COLUMNS + ", created_at, updated_at) VALUES ("
                                         + SiteRows.VALUES + ", :now, :now)"), site)
                    .bind("now", now())
                    .execute();
        }
        site.bases().stream().flatMap(base -> sites.onOrigin(Urls.origin(base)).stream().filter(other -> SiteRules.overlaps(other, base)))
                .filter(other -> !other.name().equals(site.name()) && other.origin() != Site.Origin.CONFIG)
                .distinct()
                .forEach(other -> LOG.warning(() -> "site " + site.name() + " in the YAML file overlaps site " + other.name()
                                                    + "; the longer base path wins"));
    }

    private static String or(String given, String current) {
        return given != null ? given : current;
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    @Override
    public void close() {
        if (rereading != null) {
            rereading.close();
        }
    }
}
