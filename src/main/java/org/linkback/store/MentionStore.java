package org.linkback.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Reads and writes backlinks. Every write commits (durably) before it returns.
 */
public final class MentionStore {

    private static final String COLUMNS = "id, kind, source, target, site, status, verification, reason, title, excerpt, "
                                          + "author, client_ip, received_at, verified_at, updated_at";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM mention ";

    private final Jdbi jdbi;

    public MentionStore(Database database) {
        this.jdbi = database.jdbi();
    }

    public Optional<Mention> find(String source, String target) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + "WHERE source = :source AND target = :target")
                .bind("source", source)
                .bind("target", target)
                .map(MentionStore::map)
                .findOne());
    }

    public Optional<Mention> findById(long id) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + "WHERE id = :id").bind("id", id).map(MentionStore::map).findOne());
    }

    /**
     * Stores a backlink that was verified before we answer (pingback, TrackBack).
     *
     * @throws DuplicateMentionException when the pair exists already (also when another request won the race)
     */
    public Mention insertVerified(Kind kind, String source, String target, String site, Status status,
                                  Mention.Details details, String clientIp) {
        return insert(kind, source, target, site, status, VerificationState.VERIFIED, details, clientIp);
    }

    /**
     * Stores a backlink whose check is still to come (webmention); it is not public until verified.
     *
     * @throws DuplicateMentionException when the pair exists already
     */
    public Mention insertPending(Kind kind, String source, String target, String site, String clientIp) {
        return insert(kind, source, target, site, Status.PENDING, VerificationState.PENDING,
                      new Mention.Details(null, null, null), clientIp);
    }

    private Mention insert(Kind kind, String source, String target, String site, Status status,
                           VerificationState verification, Mention.Details details, String clientIp) {
        Instant now = Instant.now();
        Instant verifiedAt = verification == VerificationState.VERIFIED ? now : null;
        try {
            long id = jdbi.withHandle(h -> h.createUpdate("INSERT INTO mention (kind, source, target, site, status, verification, "
                                                          + "title, excerpt, author, client_ip, received_at, verified_at, updated_at) "
                                                          + "VALUES (:kind, :source, :target, :site, :status, :verification, :title, "
                                                          + ":excerpt, :author, :clientIp, :now, :verifiedAt, :now)")
                    .bind("kind", kind.id())
                    .bind("source", source)
                    .bind("target", target)
                    .bind("site", site)
                    .bind("status", status.id())
                    .bind("verification", verification.id())
                    .bind("title", details.title())
                    .bind("excerpt", details.excerpt())
                    .bind("author", details.author())
                    .bind("clientIp", clientIp)
                    .bind("now", Timestamp.from(now))
                    .bind("verifiedAt", verifiedAt == null ? null : Timestamp.from(verifiedAt))
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
            return new Mention(id, kind, source, target, site, status, verification, null, details.title(), details.excerpt(),
                               details.author(), clientIp, now, verifiedAt, now);
        } catch (UnableToExecuteStatementException e) {
            if (isUniqueViolation(e)) {
                throw new DuplicateMentionException(source, target);
            }
            throw e;
        }
    }

    /**
     * Records a successful check: new details, verified. A mention that was not live (new, rejected,
     * deleted) gets {@code statusIfNotLive}; a live one keeps the moderation status it has.
     */
    public Mention markVerified(long id, Kind kind, Mention.Details details, Status statusIfNotLive, String clientIp) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbi.useTransaction(h -> {
            Mention current = findById(h, id);
            Status status = current.isLive() ? current.status() : statusIfNotLive;
            h.createUpdate("UPDATE mention SET kind = :kind, status = :status, verification = 'verified', reason = NULL, "
                           + "title = :title, excerpt = :excerpt, author = :author, client_ip = :clientIp, "
                           + "verified_at = :now, updated_at = :now WHERE id = :id")
                    .bind("id", id)
                    .bind("kind", kind.id())
                    .bind("status", status.id())
                    .bind("title", details.title())
                    .bind("excerpt", details.excerpt())
                    .bind("author", details.author())
                    .bind("clientIp", clientIp)
                    .bind("now", now)
                    .execute();
        });
        return findById(id).orElseThrow();
    }

    /**
     * Records a failed check. A mention that was verified becomes {@link VerificationState#DELETED}
     * (and leaves every feed); one that never was becomes {@link VerificationState#REJECTED}.
     */
    public Mention markFailed(long id, String reason) {
        jdbi.useTransaction(h -> {
            Mention current = findById(h, id);
            boolean wasVerified = current.verification() == VerificationState.VERIFIED
                                  || current.verification() == VerificationState.DELETED;
            h.createUpdate("UPDATE mention SET verification = :verification, status = :status, reason = :reason, "
                           + "updated_at = :now WHERE id = :id")
                    .bind("id", id)
                    .bind("verification", (wasVerified ? VerificationState.DELETED : VerificationState.REJECTED).id())
                    .bind("status", (wasVerified ? Status.DELETED : current.status()).id())
                    .bind("reason", truncate(reason, 500))
                    .bind("now", Timestamp.from(Instant.now()))
                    .execute();
        });
        return findById(id).orElseThrow();
    }

    /** Approved backlinks of one article, newest first. */
    public List<Mention> approvedForTarget(String target, int limit) {
        return approved("target = :key", target, null, limit);
    }

    /** Approved backlinks of one article that came by one protocol, newest first. */
    public List<Mention> approvedForTarget(String target, Kind kind, int limit) {
        return approved("target = :key", target, kind, limit);
    }

    /** Approved backlinks of a whole site, newest first. */
    public List<Mention> approvedForSite(String site, int limit) {
        return approved("site = :key", site, null, limit);
    }

    private List<Mention> approved(String condition, String key, Kind kind, int limit) {
        return jdbi.withHandle(h -> {
            var query = h.createQuery(SELECT + "WHERE " + condition + " AND status = :status"
                                      + (kind == null ? "" : " AND kind = :kind")
                                      + " ORDER BY received_at DESC, id DESC FETCH FIRST :limit ROWS ONLY")
                    .bind("key", key)
                    .bind("status", Status.APPROVED.id())
                    .bind("limit", limit);
            if (kind != null) {
                query.bind("kind", kind.id());
            }
            return query.map(MentionStore::map).list();
        });
    }

    private static Mention findById(Handle h, long id) {
        return h.createQuery(SELECT + "WHERE id = :id").bind("id", id).map(MentionStore::map).one();
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static Mention map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Mention(rs.getLong("id"),
                           Kind.fromId(rs.getString("kind")),
                           rs.getString("source"),
                           rs.getString("target"),
                           rs.getString("site"),
                           Status.fromId(rs.getString("status")),
                           VerificationState.fromId(rs.getString("verification")),
                           rs.getString("reason"),
                           rs.getString("title"),
                           rs.getString("excerpt"),
                           rs.getString("author"),
                           rs.getString("client_ip"),
                           instant(rs, "received_at"),
                           instant(rs, "verified_at"),
                           instant(rs, "updated_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
