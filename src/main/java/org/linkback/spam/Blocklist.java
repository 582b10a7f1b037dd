package org.linkback.spam;

import java.net.InetAddress;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Set;
import java.util.Objects;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import org.linkback.store.Database;
import org.linkback.store.Dialect;
import org.linkback.url.Hosts;

/**
 * Blocked source hosts: {@code spam.example} blocks that host, {@code *.spam.example} blocks it
 * and every host under it. The global list (the admin's) refuses pings to every site; a site's
 * own list (its owner's) refuses pings to that site only. Kept in the database and cached here
 * for a few seconds, so every process sharing the database sees a change soon.
 */
public final class Blocklist {

    /** A blocklist entry. */
    public record Entry(String pattern, Instant createdAt) {
    }

    private static final Pattern VALID = Pattern.compile("(\\*\\.)?([a-z0-9_-]+\\.)*[a-z0-9_-]+|[0-9a-f:]+");
    private static final Duration CACHE = Duration.ofSeconds(5);

    private final Jdbi jdbi;
    private final Dialect dialect;
    private volatile List<Entry> cached;
    private volatile Map<String, List<Entry>> cachedBySite;
    /** The followed lists' hosts: "" for the global lists, else by site. */
    private volatile Map<String, Listed> listed = Map.of();
    private volatile String listedVersion = "";
    private volatile Instant loadedAt = Instant.EPOCH;

    public Blocklist(Database database) {
        this.jdbi = database.jdbi();
        this.dialect = database.dialect();
    }

    /**
     * The pattern in its stored form, if it is a valid host pattern: the host's canonical spelling
     * ({@link Hosts#canonical}: lower case, no trailing dot, punycode, an IP literal in any form as
     * its address), so a block holds for every spelling of the same host.
     */
    public static Optional<String> normalise(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return Optional.empty();
        }
        String p = pattern.strip();
        boolean wildcard = p.startsWith("*.");
        String host = Hosts.canonical(wildcard ? p.substring(2) : p);
        if (wildcard && Hosts.ipLiteral(host).isPresent()) {
            return Optional.empty(); // *.127.0.0.1 means nothing
        }
        String normal = (wildcard ? "*." : "") + host;
        return normal.length() <= 255 && VALID.matcher(normal).matches() ? Optional.of(normal) : Optional.empty();
    }

    /** True when a pattern covers this host. */
    public static boolean matches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            String domain = pattern.substring(2);
            return host.equals(domain) || host.endsWith("." + domain);
        }
        return host.equals(pattern);
    }

    /** The global entry that blocks this host (in any spelling), if any: the admin's own, or a followed list's. */
    public Optional<String> blocking(String host) {
        String h = Hosts.canonical(host);
        return entries().stream().map(Entry::pattern).filter(p -> matches(p, h)).findFirst()
                .or(() -> listed.getOrDefault("", Listed.NONE).covering(h));
    }

    /** The entry that blocks this host from pinging this site: a global one, or the site's own (its own, or a list it follows). */
    public Optional<String> blocking(String host, String site) {
        String h = Hosts.canonical(host);
        return Stream.concat(entries().stream(), entries(site).stream()).map(Entry::pattern).filter(p -> matches(p, h)).findFirst()
                .or(() -> listed.getOrDefault("", Listed.NONE).covering(h))
                .or(() -> site == null ? Optional.empty() : listed.getOrDefault(site, Listed.NONE).covering(h));
    }

    /**
     * The hosts of followed lists, for one scope: exact hosts, and domains covered with all their
     * subdomains; a look-up walks up the host's labels, so a list of 100,000 costs what one of 10 does.
     */
    private record Listed(Set<String> exact, Set<String> domains) {

        static final Listed NONE = new Listed(Set.of(), Set.of());

        Optional<String> covering(String host) {
            if (exact.contains(host)) {
                return Optional.of(host);
            }
            for (String h = host; ; h = h.substring(h.indexOf('.') + 1)) {
                if (domains.contains(h)) {
                    return Optional.of("*." + h);
                }
                if (h.indexOf('.') < 0) {
                    return Optional.empty();
                }
            }
        }
    }

    /**
     * True when an IP-literal entry blocks this address: checked on the address a fetch actually
     * connects to, so no spelling of a blocked address (nor a name resolving to it) gets through.
     */
    public boolean blocksAddress(InetAddress address) {
        String canonical = Hosts.unwrap(address).getHostAddress();
        return entries().stream().anyMatch(entry -> entry.pattern().equals(canonical))
               || listed.getOrDefault("", Listed.NONE).exact().contains(canonical);
    }

    /** The global entries. */
    public List<Entry> entries() {
        if (Instant.now().isAfter(loadedAt.plus(CACHE)) || cached == null) {
            reload();
        }
        return cached;
    }

    /** A site's own entries. */
    public List<Entry> entries(String site) {
        entries();
        return cachedBySite.getOrDefault(site, List.of());
    }

    /**
     * Adds a normalised pattern to a site's own list.
     *
     * @return false when it was there already
     */
    public boolean add(Handle h, String site, String pattern, String by) {
        int added = dialect.insertUnlessTaken(h, "INSERT INTO site_blocklist (site, pattern, created_at, created_by) "
                                                 + "VALUES (:site, :pattern, :now, :by)", "site, pattern",
                                              insert -> insert.bind("site", site)
                                                      .bind("pattern", pattern)
                                                      .bind("now", Timestamp.from(Instant.now()))
                                                      .bind("by", by));
        h.afterCommit(this::reload);
        return added == 1;
    }

    /** @return false when the site's list had no such entry */
    public boolean remove(Handle h, String site, String pattern) {
        int removed = h.createUpdate("DELETE FROM site_blocklist WHERE site = :site AND pattern = :pattern")
                .bind("site", site)
                .bind("pattern", pattern)
                .execute();
        h.afterCommit(this::reload);
        return removed == 1;
    }

    /**
     * Adds a normalised pattern.
     *
     * @return false when it was there already
     */
    public boolean add(Handle h, String pattern, String by) {
        int added = dialect.insertUnlessTaken(h, "INSERT INTO blocklist (pattern, created_at, created_by) "
                                                            + "VALUES (:pattern, :now, :by)", "pattern",
                                                         insert -> insert.bind("pattern", pattern)
                                                                 .bind("now", Timestamp.from(Instant.now()))
                                                                 .bind("by", by));
        h.afterCommit(this::reload);
        return added == 1;
    }

    /** @return false when there was no such entry */
    public boolean remove(Handle h, String pattern) {
        int removed = h.createUpdate("DELETE FROM blocklist WHERE pattern = :pattern")
                .bind("pattern", pattern)
                .execute();
        h.afterCommit(this::reload);
        return removed == 1;
    }

    private void reload() {
        Map<String, List<Entry>> bySite = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT site, pattern, created_at FROM site_blocklist ORDER BY site, pattern")
                .map((rs, ctx) -> Map.entry(rs.getString("site"), new Entry(rs.getString("pattern"), rs.getTimestamp("created_at").toInstant())))
                .forEach(e -> bySite.computeIfAbsent(e.getKey(), site -> new ArrayList<>()).add(e.getValue())));
        cachedBySite = bySite;
        cached = jdbi.withHandle(h -> h.createQuery("SELECT pattern, created_at FROM blocklist ORDER BY pattern")
                .map((rs, ctx) -> new Entry(rs.getString("pattern"), rs.getTimestamp("created_at").toInstant()))
                .list());
        // the followed lists' hosts (maybe many) are read again only when a list changed
        String version = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) AS n, MAX(id) AS top, SUM(revision) AS changes "
                                                            + "FROM blocklist_subscription")
                .map((rs, ctx) -> rs.getLong("n") + "/" + rs.getLong("top") + "/" + rs.getLong("changes")).one());
        if (version.equals(listedVersion)) {
            loadedAt = Instant.now();
            return;
        }
        Map<String, Set<String>> exact = new HashMap<>();
        Map<String, Set<String>> domains = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT s.site, l.pattern FROM blocklist_subscription_host l "
                                          + "JOIN blocklist_subscription s ON s.id = l.subscription_id")
                .map((rs, ctx) -> Map.entry(Objects.requireNonNullElse(rs.getString("site"), ""), rs.getString("pattern")))
                .forEach(e -> {
                    boolean wildcard = e.getValue().startsWith("*.");
                    (wildcard ? domains : exact).computeIfAbsent(e.getKey(), scope -> new HashSet<>())
                            .add(wildcard ? e.getValue().substring(2) : e.getValue());
                }));
        Map<String, Listed> byScope = new HashMap<>();
        for (String scope : Stream.concat(exact.keySet().stream(), domains.keySet().stream()).distinct().toList()) {
            byScope.put(scope, new Listed(exact.getOrDefault(scope, Set.of()), domains.getOrDefault(scope, Set.of())));
        }
        listed = byScope;
        listedVersion = version;
        loadedAt = Instant.now();
    }

    /** Reads every entry and followed list again (after a list changed, in the unit of work's commit). */
    public void reloadAfter(org.jdbi.v3.core.Handle h) {
        h.afterCommit(this::reload);
    }
}
