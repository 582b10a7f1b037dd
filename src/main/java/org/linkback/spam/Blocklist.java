package org.linkback.spam;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import org.linkback.store.Database;

/**
 * Blocked source hosts: {@code spam.example} blocks that host, {@code *.spam.example} blocks it
 * and every host under it. Kept in the database and cached here for a few seconds, so every
 * process sharing the database sees a change soon.
 */
public final class Blocklist {

    /** A blocklist entry. */
    public record Entry(String pattern, Instant createdAt) {
    }

    private static final Pattern VALID = Pattern.compile("(\\*\\.)?([a-z0-9_-]+\\.)*[a-z0-9_-]+");
    private static final Duration CACHE = Duration.ofSeconds(5);

    private final Jdbi jdbi;
    private volatile List<Entry> cached;
    private volatile Instant loadedAt = Instant.EPOCH;

    public Blocklist(Database database) {
        this.jdbi = database.jdbi();
    }

    /** The pattern in its stored form (lower case, no trailing dot), if it is a valid host pattern. */
    public static Optional<String> normalise(String pattern) {
        if (pattern == null) {
            return Optional.empty();
        }
        String p = pattern.strip().toLowerCase(Locale.ROOT);
        p = p.endsWith(".") ? p.substring(0, p.length() - 1) : p;
        return p.length() <= 255 && VALID.matcher(p).matches() ? Optional.of(p) : Optional.empty();
    }

    /** True when a pattern covers this host. */
    public static boolean matches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            String domain = pattern.substring(2);
            return host.equals(domain) || host.endsWith("." + domain);
        }
        return host.equals(pattern);
    }

    /** The entry that blocks this host, if any. */
    public Optional<String> blocking(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return entries().stream().map(Entry::pattern).filter(p -> matches(p, h)).findFirst();
    }

    public List<Entry> entries() {
        if (Instant.now().isAfter(loadedAt.plus(CACHE)) || cached == null) {
            reload();
        }
        return cached;
    }

    /**
     * Adds a normalised pattern.
     *
     * @return false when it was there already
     */
    public boolean add(Handle h, String pattern, String by) {
        int added = h.createUpdate("INSERT INTO blocklist (pattern, created_at, created_by) "
                                                        + "SELECT :pattern, :now, :by FROM (VALUES (0)) AS one "
                                                        + "WHERE NOT EXISTS (SELECT 1 FROM blocklist WHERE pattern = :pattern)")
                .bind("pattern", pattern)
                .bind("now", Timestamp.from(Instant.now()))
                .bind("by", by)
                .execute();
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
        cached = jdbi.withHandle(h -> h.createQuery("SELECT pattern, created_at FROM blocklist ORDER BY pattern")
                .map((rs, ctx) -> new Entry(rs.getString("pattern"), rs.getTimestamp("created_at").toInstant()))
                .list());
        loadedAt = Instant.now();
    }
}
