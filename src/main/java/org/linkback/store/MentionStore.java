package org.linkback.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Reads and writes backlinks. Every write commits (durably) before it returns.
 */
public final class MentionStore {

    private static final String COLUMNS = "id, kind, source, target, site, status, title, excerpt, author, "
            + "client_ip, received_at, verified_at, updated_at";

    private final Jdbi jdbi;

    public MentionStore(Database database) {
        this.jdbi = database.jdbi();
    }

    public Optional<Mention> find(String source, String target) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM mention WHERE source = :source AND target = :target")
                .bind("source", source)
                .bind("target", target)
                .map(MentionStore::map)
                .findOne());
    }

    /**
     * Stores a new backlink.
     *
     * @throws DuplicateMentionException when the pair exists already (also when another request won the race)
     */
    public Mention insert(Mention.New m) {
        Instant now = Instant.now();
        try {
            long id = jdbi.withHandle(h -> h.createUpdate("INSERT INTO mention (kind, source, target, site, status, title, "
                                                          + "excerpt, author, client_ip, received_at, verified_at, updated_at) "
                                                          + "VALUES (:kind, :source, :target, :site, :status, :title, :excerpt, "
                                                          + ":author, :clientIp, :now, :now, :now)")
                    .bind("kind", m.kind().id())
                    .bind("source", m.source())
                    .bind("target", m.target())
                    .bind("site", m.site())
                    .bind("status", m.status().id())
                    .bind("title", m.title())
                    .bind("excerpt", m.excerpt())
                    .bind("author", m.author())
                    .bind("clientIp", m.clientIp())
                    .bind("now", Timestamp.from(now))
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
            return new Mention(id, m.kind(), m.source(), m.target(), m.site(), m.status(), m.title(), m.excerpt(),
                               m.author(), m.clientIp(), now, now, now);
        } catch (UnableToExecuteStatementException e) {
            if (isUniqueViolation(e)) {
                throw new DuplicateMentionException(m.source(), m.target());
            }
            throw e;
        }
    }

    /** Approved backlinks of one article, newest first. */
    public List<Mention> approvedForTarget(String target, int limit) {
        return approved("target = :key", target, limit);
    }

    /** Approved backlinks of a whole site, newest first. */
    public List<Mention> approvedForSite(String site, int limit) {
        return approved("site = :key", site, limit);
    }

    private List<Mention> approved(String condition, String key, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM mention WHERE " + condition
                                                  + " AND status = :status ORDER BY received_at DESC, id DESC "
                                                  + "FETCH FIRST :limit ROWS ONLY")
                .bind("key", key)
                .bind("status", Status.APPROVED.id())
                .bind("limit", limit)
                .map(MentionStore::map)
                .list());
    }

    private static boolean isUniqueViolation(Throwable e) {
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
                           rs.getString("title"),
                           rs.getString("excerpt"),
                           rs.getString("author"),
                           rs.getString("client_ip"),
                           instant(rs, "received_at"),
                           instant(rs, "verified_at"),
                           instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
