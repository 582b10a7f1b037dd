package org.linkback.spam;

import java.sql.Timestamp;
import java.time.Duration;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import org.linkback.store.Database;
import org.linkback.store.Dialect;
import org.linkback.url.Hosts;

/**
 * Blocked source hosts: {@code spam.example} blocks that host, {@code *.spam.example} blocks it
 * and every host under it. Kept in the database and cached here for a few seconds, so every
 * process sharing the database sees a change soon.
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

    /** The entry that blocks this host (in any spelling), if any. */
    public Optional<String> blocking(String host) {
        String h = Hosts.canonical(host);
        return entries().stream().map(Entry::pattern).filter(p -> matches(p, h)).findFirst();
    }

    /**
     * True when an IP-literal entry blocks this address: checked on the address a fetch actually
     * connects to, so no spelling of a blocked address (nor a name resolving to it) gets through.
     */
    public boolean blocksAddress(InetAddress address) {
        String canonical = Hosts.unwrap(address).getHostAddress();
        return entries().stream().anyMatch(entry -> entry.pattern().equals(canonical));
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
        cached = jdbi.withHandle(h -> h.createQuery("SELECT pattern, created_at FROM blocklist ORDER BY pattern")
                .map((rs, ctx) -> new Entry(rs.getString("pattern"), rs.getTimestamp("created_at").toInstant()))
                .list());
        loadedAt = Instant.now();
    }
}
