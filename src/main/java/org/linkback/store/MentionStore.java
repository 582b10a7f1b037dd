package org.linkback.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import org.linkback.text.Text;

/**
 * Reads and writes backlinks. Every write commits (durably) before it returns.
 */
public final class MentionStore {

    /** Rows of a client IP's recent backlinks the burst rule's host count looks at. */
    private static final int RECENT_SAMPLE = 200;
    private static final String COLUMNS = "id, kind, source, target, site, status, verification, reason, title, excerpt, "
                                          + "author, client_ip, spam_score, spam_reasons, received_at, verified_at, updated_at";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM mention ";

    private final Jdbi jdbi;

    public MentionStore(Database database) {
        this.jdbi = database.jdbi();
    }

    /**
     * Runs work in one transaction: the writes it makes here, in the verification queue and in
     * the audit log commit together, with one disk sync (Jdbi lends nested calls on this thread
     * the same handle).
     */
    public <T> T inTransaction(Supplier<T> work) {
        return jdbi.inTransaction(h -> work.get());
    }

    public Optional<Mention> find(String source, String target) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + "WHERE source = :source AND target = :target")
                .bind("source", source)
                .bind("target", target)
                .map(MentionStore::map)
                .findOne());
    }

    public Optional<Mention> findById(long id) {
        return jdbi.withHandle(h -> findById(h, id));
    }

    /**
     * Stores a backlink that was verified before we answer (pingback, TrackBack).
     *
     * @throws DuplicateMentionException when the pair exists already (also when another request won the race)
     */
    public Mention insertVerified(Kind kind, String source, String target, String site, Status status,
                                  Mention.Details details, Assessment assessment, String clientIp) {
        return insert(kind, source, target, site, status, VerificationState.VERIFIED, details, assessment, clientIp);
    }

    /**
     * Stores a backlink whose check is still to come (webmention); it is not public until verified.
     *
     * @throws DuplicateMentionException when the pair exists already
     */
    public Mention insertPending(Kind kind, String source, String target, String site, String clientIp) {
        return insert(kind, source, target, site, Status.PENDING, VerificationState.PENDING,
                      new Mention.Details(null, null, null), Assessment.CLEAN, clientIp);
    }

    private Mention insert(Kind kind, String source, String target, String site, Status status,
                           VerificationState verification, Mention.Details details, Assessment assessment, String clientIp) {
        Instant now = Instant.now();
        Timestamp verifiedAt = verification == VerificationState.VERIFIED ? Timestamp.from(now) : null;
        try {
            long id = jdbi.withHandle(h -> h.createUpdate("INSERT INTO mention (kind, source, source_host, target, site, status, "
                                                          + "verification, title, excerpt, author, client_ip, spam_score, spam_reasons, "
                                                          + "received_at, verified_at, updated_at) VALUES (:kind, :source, :sourceHost, "
                                                          + ":target, :site, :status, :verification, :title, :excerpt, :author, "
                                                          + ":clientIp, :score, :reasons, :now, :verifiedAt, :now)")
                    .bind("kind", kind.id())
                    .bind("source", source)
                    .bind("sourceHost", Mention.hostOf(source))
                    .bind("target", target)
                    .bind("site", site)
                    .bind("status", status.id())
                    .bind("verification", verification.id())
                    .bind("clientIp", clientIp)
                    .bind("now", Timestamp.from(now))
                    .bind("verifiedAt", verifiedAt)
                    .bindMap(found(details, assessment))
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
            return findById(id).orElseThrow();
        } catch (UnableToExecuteStatementException e) {
            if (isUniqueViolation(e)) {
                throw new DuplicateMentionException(source, target);
            }
            throw e;
        }
    }

    /**
     * Records a successful check: new details and assessment, verified. A new mention, or one
     * whose source had dropped the link, gets {@code statusIfNotLive}; a verified one keeps its
     * status, and so does one a moderator marked spam or rejected: a re-check never undoes a
     * moderator's decision.
     */
    public Mention markVerified(long id, Kind kind, Mention.Details details, Assessment assessment,
                                Status statusIfNotLive, String clientIp) {
        Timestamp now = Timestamp.from(Instant.now());
        return jdbi.inTransaction(h -> {
            Mention current = findById(h, id).orElseThrow();
            Status status = current.isVerified() || current.isModeratedAway() ? current.status() : statusIfNotLive;
            h.createUpdate("UPDATE mention SET kind = :kind, status = :status, verification = 'verified', reason = NULL, "
                           + "title = :title, excerpt = :excerpt, author = :author, client_ip = :clientIp, "
                           + "spam_score = :score, spam_reasons = :reasons, verified_at = :now, updated_at = :now WHERE id = :id")
                    .bind("id", id)
                    .bind("kind", kind.id())
                    .bind("status", status.id())
                    .bind("clientIp", clientIp)
                    .bind("now", now)
                    .bindMap(found(details, assessment))
                    .execute();
            return findById(h, id).orElseThrow();
        });
    }

    /**
     * Records a failed check. A mention that was verified becomes {@link VerificationState#DELETED}
     * (and leaves every feed); one that never was becomes {@link VerificationState#REJECTED}.
     * A moderator's verdict (spam, rejected, deleted) stays as it is.
     */
    public Mention markFailed(long id, String reason) {
        return jdbi.inTransaction(h -> {
            Mention current = findById(h, id).orElseThrow();
            boolean wasVerified = current.verification() == VerificationState.VERIFIED
                                  || current.verification() == VerificationState.DELETED;
            VerificationState verification = wasVerified ? VerificationState.DELETED : VerificationState.REJECTED;
            Status status = current.isModeratedAway() || !wasVerified ? current.status() : Status.DELETED;
            if (current.status() == Status.DELETED && current.isVerified()) {
                verification = VerificationState.VERIFIED; // deleted by a moderator: keep it that way for good
            }
            h.createUpdate("UPDATE mention SET verification = :verification, status = :status, reason = :reason, "
                           + "updated_at = :now WHERE id = :id")
                    .bind("id", id)
                    .bind("verification", verification.id())
                    .bind("status", status.id())
                    .bind("reason", truncate(reason, 500))
                    .bind("now", Timestamp.from(Instant.now()))
                    .execute();
            return findById(h, id).orElseThrow();
        });
    }

    /**
     * Sets the moderation status of some backlinks.
     *
     * @return the backlinks as they were before, for those that exist
     */
    public List<Mention> setStatus(Collection<Long> ids, Status status) {
        return jdbi.inTransaction(h -> {
            List<Mention> before = new ArrayList<>();
            for (long id : ids) {
                findById(h, id).ifPresent(m -> {
                    before.add(m);
                    h.createUpdate("UPDATE mention SET status = :status, updated_at = :now WHERE id = :id")
                            .bind("id", id)
                            .bind("status", status.id())
                            .bind("now", Timestamp.from(Instant.now()))
                            .execute();
                });
            }
            return before;
        });
    }

    /** Removes a backlink for good; returns it as it was. */
    public Optional<Mention> delete(long id) {
        return jdbi.inTransaction(h -> {
            Optional<Mention> before = findById(h, id);
            before.ifPresent(m -> {
                h.createUpdate("DELETE FROM verify_job WHERE mention_id = :id").bind("id", id).execute();
                h.createUpdate("DELETE FROM mention WHERE id = :id").bind("id", id).execute();
            });
            return before;
        });
    }

    /** Ids of the backlinks whose source host is {@code host} or, with {@code withSubdomains}, under it. */
    public List<Long> idsFromHost(String host, boolean withSubdomains) {
        return jdbi.withHandle(h -> {
            Query query = h.createQuery("SELECT id FROM mention WHERE source_host = :host"
                                        + (withSubdomains ? " OR source_host LIKE :suffix ESCAPE '\\'" : ""))
                    .bind("host", host);
            if (withSubdomains) {
                query.bind("suffix", "%." + host.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"));
            }
            return query.mapTo(Long.class).list();
        });
    }

    /**
     * What the recent backlinks say about a sender (since a time): how many different source hosts
     * its client IP pinged for (this one included), and how many of the source host's backlinks are
     * spam. The host count reads at most {@value #RECENT_SAMPLE} rows of the window, and the spam
     * count scans an index of spam rows only, so both cost the same for a busy honest sender as for
     * a quiet one.
     */
    public RecentActivity recentActivity(String clientIp, String sourceHost, Instant since) {
        return jdbi.withHandle(h -> {
            var hosts = h.createQuery("SELECT COUNT(DISTINCT source_host) AS hosts, "
                                      + "COALESCE(SUM(CASE WHEN source_host = :host THEN 1 ELSE 0 END), 0) AS own "
                                      + "FROM (SELECT source_host FROM mention WHERE client_ip = :ip AND received_at > :since "
                                      + "FETCH FIRST " + RECENT_SAMPLE + " ROWS ONLY) AS recent")
                    .bind("ip", clientIp)
                    .bind("host", sourceHost)
                    .bind("since", Timestamp.from(since))
                    .map((rs, ctx) -> rs.getInt("hosts") + (rs.getInt("own") == 0 ? 1 : 0))
                    .one();
            int spam = h.createQuery("SELECT COUNT(*) FROM (SELECT 1 FROM mention WHERE source_host = :host AND status = :spam "
                                     + "AND received_at > :since FETCH FIRST 30 ROWS ONLY) AS recent")
                    .bind("host", sourceHost)
                    .bind("since", Timestamp.from(since))
                    .bind("spam", Status.SPAM.id())
                    .mapTo(Integer.class)
                    .one();
            return new RecentActivity(hosts, spam);
        });
    }

    /**
     * One page of backlinks for moderation, newest first. Pages are cut by id, so backlinks
     * that arrive while an admin pages through do not shift the pages.
     *
     * @param beforeId only backlinks with a smaller id (the cursor), or null for the first page
     */
    public List<Mention> list(MentionFilter filter, Long beforeId, int limit) {
        return jdbi.withHandle(h -> {
            StringBuilder where = new StringBuilder("WHERE 1 = 1");
            if (filter.status() != null) {
                where.append(" AND status = :status");
            }
            if (filter.site() != null) {
                where.append(" AND site = :site");
            }
            if (filter.target() != null) {
                where.append(" AND target = :target");
            }
            if (filter.sourceHost() != null) {
                where.append(" AND source_host = :host");
            }
            if (beforeId != null) {
                where.append(" AND id < :before");
            }
            Query query = h.createQuery(SELECT + where + " ORDER BY id DESC FETCH FIRST :limit ROWS ONLY").bind("limit", limit);
            if (filter.status() != null) {
                query.bind("status", filter.status().id());
            }
            if (filter.site() != null) {
                query.bind("site", filter.site());
            }
            if (filter.target() != null) {
                query.bind("target", filter.target());
            }
            if (filter.sourceHost() != null) {
                query.bind("host", filter.sourceHost());
            }
            if (beforeId != null) {
                query.bind("before", beforeId);
            }
            return query.map(MentionStore::map).list();
        });
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
            Query query = h.createQuery(SELECT + "WHERE " + condition + " AND status = :status"
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

    private static Optional<Mention> findById(Handle h, long id) {
        return h.createQuery(SELECT + "WHERE id = :id").bind("id", id).map(MentionStore::map).findOne();
    }

    /** What a check found, for :title, :excerpt, :author, :score and :reasons. */
    private static Map<String, Object> found(Mention.Details details, Assessment assessment) {
        Map<String, Object> values = new HashMap<>();
        values.put("title", details.title());
        values.put("excerpt", details.excerpt());
        values.put("author", details.author());
        values.put("score", assessment.score());
        values.put("reasons", reasons(assessment));
        return values;
    }

    private static String reasons(Assessment assessment) {
        return assessment.reasons().isEmpty() ? null : truncate(String.join("\n", assessment.reasons()), 2000);
    }

    private static String truncate(String text, int max) {
        return Text.cut(text, max);
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
        String reasons = rs.getString("spam_reasons");
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
                           new Assessment(rs.getDouble("spam_score"), reasons == null ? List.of() : Arrays.asList(reasons.split("\n"))),
                           instant(rs, "received_at"),
                           instant(rs, "verified_at"),
                           instant(rs, "updated_at"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
