package org.linkback.backlink;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;

import org.linkback.mf2.Interaction;
import org.linkback.store.Dialect;
import org.linkback.store.PairKey;
import org.linkback.text.RandomTokens;
import org.linkback.text.Text;

/**
 * Reads and writes the {@code mention} table: persistence only, for {@link Backlinks}, the one
 * write path (which decides the states through {@link Lifecycle} and tells the listeners).
 * Every method takes the {@link Handle} of the caller's unit of work.
 */
final class BacklinkStore {

    private static final String SELECT = BacklinkRows.SELECT;

    private final Dialect dialect;
    private final Clock clock;

    BacklinkStore(Dialect dialect, Clock clock) {
        this.dialect = dialect;
        this.clock = clock;
    }

    /** A backlink to store for the first time. */
    record NewBacklink(Kind kind, String source, String target, String site, BacklinkState state, Backlink.Details details,
                       Assessment assessment, String clientIp) {
    }

    Optional<Backlink> find(Handle h, String source, String target) {
        return h.createQuery(SELECT + "WHERE pair_key = :key AND source = :source AND target = :target")
                .bind("key", PairKey.of(source, target))
                .bind("source", source)
                .bind("target", target)
                .map(BacklinkRows::map)
                .findOne();
    }

    /** The row, or empty when there is none or this version cannot read it (logged once). */
    Optional<Backlink> findReadable(Handle h, long id) {
        return h.createQuery(SELECT + "WHERE id = :id").bind("id", id).map(BacklinkRows::readable).list().stream()
                .filter(Objects::nonNull).findFirst();
    }

    Optional<Backlink> findById(Handle h, long id) {
        return h.createQuery(SELECT + "WHERE id = :id").bind("id", id).map(BacklinkRows::map).findOne();
    }

    /**
     * The row as it is now, in this unit of work, locked until the unit of work ends: a concurrent
     * change waits for this one instead of being overwritten by it. PostgreSQL locks it with
     * {@code SELECT … FOR UPDATE}; HSQLDB accepts that clause but takes no lock, so there a write
     * that changes nothing takes the row's lock (a writer waits for another's commit) and the row
     * is read again.
     */
    Optional<Backlink> findForUpdate(Handle h, long id) {
        return locked(h, "WHERE id = :id", statement -> statement.bind("id", id));
    }

    Optional<Backlink> findForUpdate(Handle h, String source, String target) {
        return locked(h, "WHERE pair_key = :key AND source = :source AND target = :target",
                      statement -> statement.bind("key", PairKey.of(source, target)).bind("source", source).bind("target", target));
    }

    private Optional<Backlink> locked(Handle h, String where, Consumer<SqlStatement<?>> bind) {
        Query read = h.createQuery(SELECT + where + forUpdate());
        bind.accept(read);
        Optional<Backlink> row = read.map(BacklinkRows::map).findOne();
        if (row.isEmpty() || dialect != Dialect.HSQLDB) {
            return row; // none to lock (a new one's insert meets the unique key instead), or locked by FOR UPDATE
        }
        h.createUpdate("UPDATE mention SET status = status WHERE id = :id").bind("id", row.get().id()).execute();
        return findById(h, row.get().id()); // as it is once a concurrent change has committed
    }

    private String forUpdate() {
        return dialect == Dialect.POSTGRESQL ? " FOR UPDATE" : "";
    }

    Optional<Backlink> findByStatusToken(Handle h, String token) {
        return h.createQuery(SELECT + "WHERE status_token = :token").bind("token", token).map(BacklinkRows::map).findOne();
    }

    /** Gives a backlink stored before status tokens existed its token. */
    Backlink ensureStatusToken(Handle h, Backlink m) {
        if (m.statusToken() != null) {
            return m;
        }
        h.createUpdate("UPDATE mention SET status_token = :token WHERE id = :id AND status_token IS NULL")
                .bind("token", newToken())
                .bind("id", m.id())
                .execute();
        return findById(h, m.id()).orElseThrow();
    }

    /** 192 random bits, URL-safe: a status URL nobody can guess. */
    private static String newToken() {
        return RandomTokens.urlSafe(24);
    }

    /**
     * Stores a new backlink.
     *
     * @return the backlink as written, or empty when the pair exists already (also when another request won the race)
     */
    Optional<Backlink> insert(Handle h, NewBacklink m) {
        Instant at = now();
        String token = newToken();
        Optional<Long> id = dialect.insertReturningId(h, INSERT, "pair_key", insert -> bindNew(insert, m, at, token));
        // what was just written, without reading it back
        return id.map(stored -> new Backlink(stored, m.kind(), m.source(), m.target(), m.site(), m.state(), null, null,
                                             m.details().title(), m.details().excerpt(), m.details().author(), m.clientIp(),
                                             m.assessment(), at, m.state().check() == CheckState.VERIFIED ? at : null, at, token, 0,
                                             Interaction.NONE));
    }

    /** A backlink with the time it was received, for loading many at once. */
    record Dated(NewBacklink backlink, Instant receivedAt) {
    }

    /** Stores many new backlinks in one batch (a bulk load: a taken unique key fails the whole unit of work). */
    void insertAll(Handle h, List<Dated> rows) {
        PreparedBatch batch = h.prepareBatch(INSERT);
        for (Dated row : rows) {
            bindNew(batch, row.backlink(), row.receivedAt(), newToken()).add();
        }
        batch.execute();
    }

    private static final String INSERT = "INSERT INTO mention (kind, source, source_host, target, pair_key, site, status, verification, title, "
                                         + "excerpt, author, client_ip, spam_score, spam_reasons, received_at, verified_at, updated_at, "
                                         + "status_token, last_swept_at) VALUES (:kind, :source, :sourceHost, :target, :pairKey, :site, :status, "
                                         + ":verification, :title, :excerpt, :author, :clientIp, :score, :reasons, :at, :verifiedAt, :at, "
                                         + ":token, :at)";

    /** Binds a new backlink, received (and, when verified, verified and last checked) at {@code at}, to {@link #INSERT}. */
    private static <S extends SqlStatement<S>> S bindNew(S statement, NewBacklink m, Instant at, String token) {
        Timestamp time = Timestamp.from(at);
        return statement.bind("token", token)
                .bind("kind", m.kind().id())
                .bind("source", m.source())
                .bind("sourceHost", Backlink.hostOf(m.source()))
                .bind("target", m.target())
                .bind("pairKey", PairKey.of(m.source(), m.target()))
                .bind("site", m.site())
                .bind("status", m.state().status().id())
                .bind("verification", m.state().check().id())
                .bind("clientIp", m.clientIp())
                .bind("at", time)
                .bind("verifiedAt", m.state().check() == CheckState.VERIFIED ? time : null)
                .bindMap(found(m.details(), m.assessment()));
    }

    /** Records a check that found the link: what it found, and the state the lifecycle gave. */
    Backlink savePassedCheck(Handle h, long id, Kind kind, BacklinkState state, CheckResult found, String clientIp) {
        Timestamp now = Timestamp.from(now());
        h.createUpdate("UPDATE mention SET kind = :kind, status = :status, verification = :verification, reason = NULL, "
                       + "reason_code = NULL, missing_count = 0, title = :title, excerpt = :excerpt, author = :author, client_ip = :clientIp, "
                       + "spam_score = :score, spam_reasons = :reasons, verified_at = :now, last_swept_at = :now, updated_at = :now WHERE id = :id")
                .bind("id", id)
                .bind("kind", kind.id())
                .bind("status", state.status().id())
                .bind("verification", state.check().id())
                .bind("clientIp", clientIp)
                .bind("now", now)
                .bindMap(found(found.details(), found.assessment()))
                .execute();
        InteractionColumns.save(h, id, found.interaction());
        return findById(h, id).orElseThrow();
    }

    /** Records a check that failed for good, with its reason, and the state the lifecycle gave. */
    Backlink saveFailedCheck(Handle h, long id, BacklinkState state, Refusal failure, String reason) {
        h.createUpdate("UPDATE mention SET verification = :verification, status = :status, reason = :reason, reason_code = :code, "
                       + "updated_at = :now WHERE id = :id")
                .bind("id", id)
                .bind("verification", state.check().id())
                .bind("status", state.status().id())
                .bind("reason", Text.cut(reason, 500))
                .bind("code", failure.id())
                .bind("now", Timestamp.from(now()))
                .execute();
        return findById(h, id).orElseThrow();
    }

    /** A sweep found the source missing (404) once; a second time takes the backlink down. */
    void countMissing(Handle h, long id) {
        h.createUpdate("UPDATE mention SET missing_count = missing_count + 1 WHERE id = :id").bind("id", id).execute();
    }

    /** The sweep queued a re-check of it now. */
    void markSwept(Handle h, long id) {
        h.createUpdate("UPDATE mention SET last_swept_at = :now WHERE id = :id").bind("now", Timestamp.from(now())).bind("id", id).execute();
    }

    /** Sets a backlink's moderation status; returns it as it now is. */
    Backlink saveStatus(Handle h, long id, ModerationStatus status) {
        h.createUpdate("UPDATE mention SET status = :status, updated_at = :now WHERE id = :id")
                .bind("id", id)
                .bind("status", status.id())
                .bind("now", Timestamp.from(now()))
                .execute();
        return findById(h, id).orElseThrow();
    }

    /** Removes up to {@code limit} backlinks of a site (their queued checks go with them); returns how many. */
    int purgeSite(Handle h, String site, int limit) {
        List<Long> ids = h.createQuery("SELECT id FROM mention WHERE site = :site FETCH FIRST :limit ROWS ONLY")
                .bind("site", site).bind("limit", limit).mapTo(Long.class).list();
        ids.forEach(id -> delete(h, id));
        return ids.size();
    }

    /** Removes a backlink and its queued check for good. */
    void delete(Handle h, long id) {
        h.createUpdate("DELETE FROM verify_job WHERE mention_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM mention WHERE id = :id").bind("id", id).execute();
    }

    /** The backlinks whose source host is {@code host} or, with {@code withSubdomains}, under it. */
    List<Backlink> fromHost(Handle h, String host, boolean withSubdomains) {
        Query query = h.createQuery(SELECT + "WHERE source_host = :host"
                                    + (withSubdomains ? " OR source_host LIKE :suffix ESCAPE '\\'" : ""))
                .bind("host", host);
        if (withSubdomains) {
            query.bind("suffix", "%." + host.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"));
        }
        return query.map(BacklinkRows::map).list();
    }

    /** What the columns keep: microseconds. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    /** What a check found, for :title, :excerpt, :author, :score and :reasons. */
    private static Map<String, Object> found(Backlink.Details details, Assessment assessment) {
        Map<String, Object> values = new HashMap<>();
        values.put("title", details.title());
        values.put("excerpt", details.excerpt());
        values.put("author", details.author());
        values.put("score", assessment.score());
        values.put("reasons", reasons(assessment));
        return values;
    }

    /** Spam reasons one a line, as many as the column holds. */
    static String reasons(Assessment assessment) {
        return assessment.reasons().isEmpty() ? null : Text.cut(String.join("\n", assessment.reasons()), 2000);
    }
}
