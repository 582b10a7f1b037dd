package org.linkback.send;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

import org.linkback.store.Database;
import org.linkback.store.PairKey;
import org.linkback.text.Text;

/**
 * Reads and writes the {@code outbound} table: one row per link of one of our articles.
 * Writes take the {@link Handle} of a unit of work.
 */
final class OutboundStore {

    private static final String SELECT = "SELECT id, source, target, site, protocol, endpoint, outcome, attempts, http_status, "
                                         + "fault_code, message, linked, created_at, updated_at, sent_at, "
                                         + "(SELECT j.run_after FROM send_job j WHERE j.outbound_id = outbound.id) AS next_attempt_at FROM outbound ";

    private final Database database;

    OutboundStore(Database database) {
        this.database = database;
    }

    /** Every link of a source, as first found. */
    List<OutboundLink> forSource(String source) {
        return database.read(h -> forSource(h, source));
    }

    List<OutboundLink> forSource(Handle h, String source) {
        return h.createQuery(SELECT + "WHERE source = :source ORDER BY id")
                .bind("source", source)
                .map(OutboundStore::map)
                .list();
    }

    /**
     * Marks a link as queued: its notification waits in the queue, not tried yet; unless a worker
     * has just sent it (and it is still linked): then nothing changes.
     *
     * @return whether it was marked
     */
    boolean markPending(Handle h, long id) {
        return h.createUpdate("UPDATE outbound SET outcome = :pending, updated_at = :now WHERE id = :id "
                              + "AND NOT (outcome = :sent AND linked = TRUE)")
                .bind("id", id)
                .bind("pending", OutboundLink.Outcome.PENDING.id())
                .bind("sent", OutboundLink.Outcome.SENT.id())
                .bind("now", Timestamp.from(Instant.now()))
                .execute() > 0;
    }

    Optional<OutboundLink> findById(long id) {
        return database.read(h -> h.createQuery(SELECT + "WHERE id = :id").bind("id", id).map(OutboundStore::map).findOne());
    }

    /** The row of a link, created (pending) when there is none yet; marked linked. */
    OutboundLink upsertLinked(Handle h, String source, String target, String site) {
        Timestamp now = Timestamp.from(Instant.now());
        String key = PairKey.of(source, target);
        int updated = h.createUpdate("UPDATE outbound SET linked = TRUE, updated_at = :now WHERE pair_key = :key "
                                     + "AND source = :source AND target = :target")
                .bind("key", key)
                .bind("source", source)
                .bind("target", target)
                .bind("now", now)
                .execute();
        if (updated == 0) {
            // another process may be finding the same link at this moment: one row either way
            database.dialect().insertUnlessTaken(h, "INSERT INTO outbound (source, target, pair_key, site, outcome, created_at, updated_at) "
                                                    + "VALUES (:source, :target, :key, :site, :outcome, :now, :now)",
                                                 "pair_key", insert -> insert.bind("source", source)
                                                         .bind("target", target)
                                                         .bind("key", key)
                                                         .bind("site", site)
                                                         .bind("outcome", OutboundLink.Outcome.PENDING.id())
                                                         .bind("now", now));
        }
        return h.createQuery(SELECT + "WHERE pair_key = :key AND source = :source AND target = :target")
                .bind("key", key)
                .bind("source", source)
                .bind("target", target)
                .map(OutboundStore::map)
                .one();
    }

    void markUnlinked(Handle h, long id) {
        h.createUpdate("UPDATE outbound SET linked = FALSE, updated_at = :now WHERE id = :id")
                .bind("id", id)
                .bind("now", Timestamp.from(Instant.now()))
                .execute();
    }

    /** Records an attempt: what was found, where it went, and what came of it. */
    OutboundLink recordAttempt(Handle h, long id, Protocol protocol, String endpoint, OutboundLink.Outcome outcome,
                               Integer httpStatus, Integer faultCode, String message) {
        Timestamp now = Timestamp.from(Instant.now());
        h.createUpdate("UPDATE outbound SET protocol = :protocol, endpoint = :endpoint, outcome = :outcome, "
                       + "attempts = attempts + 1, http_status = :status, fault_code = :fault, message = :message, "
                       + "updated_at = :now" + (outcome == OutboundLink.Outcome.SENT ? ", sent_at = :now" : "") + " WHERE id = :id")
                .bind("id", id)
                .bind("protocol", protocol == null ? null : protocol.id())
                .bind("endpoint", Text.cut(endpoint, 2048))
                .bind("outcome", outcome.id())
                .bind("status", httpStatus)
                .bind("fault", faultCode)
                .bind("message", Text.cut(Text.xmlSafe(message), 500))
                .bind("now", now)
                .execute();
        return h.createQuery(SELECT + "WHERE id = :id").bind("id", id).map(OutboundStore::map).one();
    }

    private static OutboundLink map(ResultSet rs, StatementContext ctx) throws SQLException {
        String protocol = rs.getString("protocol");
        return new OutboundLink(rs.getLong("id"), rs.getString("source"), rs.getString("target"), rs.getString("site"),
                                protocol == null ? null : Protocol.valueOf(protocol.toUpperCase(Locale.ROOT)),
                                rs.getString("endpoint"), OutboundLink.Outcome.fromId(rs.getString("outcome")),
                                rs.getInt("attempts"), (Integer) rs.getObject("http_status", Integer.class),
                                (Integer) rs.getObject("fault_code", Integer.class), rs.getString("message"),
                                rs.getBoolean("linked"), instant(rs, "created_at"), instant(rs, "updated_at"),
                                instant(rs, "sent_at"), instant(rs, "next_attempt_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
