package org.linkback.site;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jdbi.v3.core.Handle;

import org.linkback.store.Database;
import org.linkback.text.RandomTokens;

/**
 * Owner tokens: each lets its holder see and moderate one site. A token is shown once, when it is
 * made; only its SHA-256 is kept, and a request's token is looked up by that hash, so no stored
 * secret is ever compared byte by byte. Revoking one, or deleting its site, ends it at once.
 */
public final class OwnerTokens {

    /** Labels that would read as another actor in the audit log. */
    private static final Set<String> RESERVED = Set.of("admin", "ping", "check", "signup");

    /** A token as listed: never its secret. */
    public record Token(long id, String site, String label, Instant createdAt) {
    }

    /** Who a valid token belongs to. */
    public record Owner(long tokenId, String site, String label) {
    }

    private final Database database;
    private final Clock clock;

    public OwnerTokens(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Whether a label may name a token: 1 to 100 characters, not one the audit log uses for others. */
    public static boolean validLabel(String label) {
        return label != null && !label.isBlank() && label.strip().length() <= 100
               && !RESERVED.contains(label.strip().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * A new token for a site (which must exist), in the caller's unit of work.
     *
     * @return the token as listed, and its secret (shown this once)
     */
    public Created create(Handle h, String site, String label) {
        String secret = "lbo_" + RandomTokens.urlSafe(32);
        Instant now = clock.instant();
        long id = database.dialect().insertReturningId(
                h, "INSERT INTO site_token (site, label, token_hash, created_at) VALUES (:site, :label, :hash, :now)", "token_hash",
                insert -> insert.bind("site", site).bind("label", label.strip()).bind("hash", hash(secret))
                        .bind("now", Timestamp.from(now))).orElseThrow();
        return new Created(new Token(id, site, label.strip(), now), secret);
    }

    /** A token made now, with its secret. */
    public record Created(Token token, String secret) {
    }

    /** The owner of a token that is valid now: not revoked, its site not deleted. */
    public Optional<Owner> owner(String secret) {
        if (secret == null || !secret.startsWith("lbo_")) {
            return Optional.empty();
        }
        return validOwner("t.token_hash = :hash", "hash", hash(secret));
    }

    /** The owner of a token by its id, when it is still valid (a signed-in page's session names the token by id). */
    public Optional<Owner> owner(long tokenId) {
        return validOwner("t.id = :id", "id", tokenId);
    }

    /** The owner of the token the condition finds, if it is not revoked and its site not deleted. */
    private Optional<Owner> validOwner(String condition, String name, Object value) {
        return database.read(h -> h.createQuery("SELECT t.id, t.site, t.label FROM site_token t JOIN site s ON s.name = t.site "
                                                + "WHERE " + condition + " AND t.revoked_at IS NULL AND s.deleted_at IS NULL")
                .bind(name, value)
                .map((rs, ctx) -> new Owner(rs.getLong("id"), rs.getString("site"), rs.getString("label")))
                .findOne());
    }

    /** A site's valid tokens, oldest first. */
    public List<Token> list(String site) {
        return database.read(h -> h.createQuery("SELECT id, site, label, created_at FROM site_token WHERE site = :site "
                                                + "AND revoked_at IS NULL ORDER BY id")
                .bind("site", site)
                .map((rs, ctx) -> new Token(rs.getLong("id"), rs.getString("site"), rs.getString("label"),
                                            rs.getTimestamp("created_at").toInstant()))
                .list());
    }

    /**
     * Revokes a token, in the caller's unit of work.
     *
     * @return false when the site has no such valid token
     */
    public boolean revoke(Handle h, String site, long id) {
        return h.createUpdate("UPDATE site_token SET revoked_at = :now WHERE id = :id AND site = :site AND revoked_at IS NULL")
                       .bind("now", Timestamp.from(clock.instant())).bind("id", id).bind("site", site)
                       .execute() == 1;
    }

    private static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
