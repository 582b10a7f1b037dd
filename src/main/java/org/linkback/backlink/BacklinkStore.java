package org.linkback.backlink;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

import org.linkback.mf2.Interaction;
import org.linkback.text.Text;
import org.linkback.feed.FeedVersions;
import org.linkback.store.Database;
import org.linkback.store.PairKey;

/**
 * Reads and writes the {@code mention} table: persistence only. Which states a backlink may
 * move to is decided by {@code receive/Lifecycle}; writes take the {@link Handle} of a unit of
 * work opened with {@link Database#inTransaction}.
 */
public final class BacklinkStore {

    private static final String COLUMNS = "id, kind, source, target, site, status, verification, reason, title, excerpt, "
                                          + "author, client_ip, spam_score, spam_reasons, received_at, verified_at, updated_at, status_token, missing_count, "
                                          + "interaction, author_name, author_url, author_photo, published_at, content_text, content_html, "
                                          + "entry_url, rsvp, media";
    /** Selects whole backlinks; add a WHERE clause. */
    public static final String SELECT = "SELECT " + COLUMNS + " FROM mention ";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database database;

    public BacklinkStore(Database database) {
        this.database = database;
    }

    /** A backlink to store for the first time. */
    public record NewBacklink(Kind kind, String source, String target, String site, BacklinkState state,
                             Backlink.Details details, Assessment assessment, String clientIp) {
    }

    public Optional<Backlink> find(Handle h, String source, String target) {
        return h.createQuery(SELECT + "WHERE pair_key = :key AND source = :source AND target = :target")
                .bind("key", PairKey.of(source, target))
                .bind("source", source)
                .bind("target", target)
                .map(BacklinkStore::map)
                .findOne();
    }

    public Optional<Backlink> find(String source, String target) {
        return database.read(h -> find(h, source, target));
    }

    public Optional<Backlink> findById(Handle h, long id) {
        return h.createQuery(SELECT + "WHERE id = :id").bind("id", id).map(BacklinkStore::map).findOne();
    }

    public Optional<Backlink> findById(long id) {
        return database.read(h -> findById(h, id));
    }

    /** The backlink whose status URL names this token. */
    public Optional<Backlink> findByStatusToken(String token) {
        return database.read(h -> h.createQuery(SELECT + "WHERE status_token = :token").bind("token", token)
                .map(BacklinkStore::map).findOne());
    }

    /** Gives a backlink stored before status tokens existed its token. */
    public Backlink ensureStatusToken(Handle h, Backlink m) {
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
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Stores a new backlink.
     *
     * @throws DuplicateBacklinkException when the pair exists already (also when another request won the race)
     */
    public Backlink insert(Handle h, NewBacklink m) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS); // what the column keeps
        String token = newToken();
        long id = database.dialect().insertReturningId(h, INSERT, "pair_key", insert -> bindNew(insert, m, at, token))
                .orElseThrow(() -> new DuplicateBacklinkException(m.source(), m.target()));
        // what was just written, without reading it back
        Backlink inserted = new Backlink(id, m.kind(), m.source(), m.target(), m.site(), m.state(), null,
                                       m.details().title(), m.details().excerpt(), m.details().author(), m.clientIp(),
                                       m.assessment(), at, m.state().check() == CheckState.VERIFIED ? at : null, at, token, 0,
                                       Interaction.NONE);
        feedsChanged(h, inserted);
        return inserted;
    }

    /** A backlink with the time it was received, for loading many at once. */
    public record Dated(NewBacklink mention, Instant receivedAt) {
    }

    /**
     * Stores many new backlinks in one batch (a bulk load: no duplicate check beyond the unique
     * key, which fails the whole unit of work), and bumps each affected feed's version once.
     */
    public void insertAll(Handle h, List<Dated> rows) {
        PreparedBatch batch = h.prepareBatch(INSERT);
        Set<String> feeds = new LinkedHashSet<>();
        for (Dated row : rows) {
            bindNew(batch, row.mention(), row.receivedAt(), newToken()).add();
            feeds.add(FeedVersions.articleKey(row.mention().target()));
            feeds.add(FeedVersions.siteKey(row.mention().site()));
        }
        batch.execute();
        database.feedVersions().bumpAll(h, feeds);
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
    public Backlink savePassedCheck(Handle h, long id, Kind kind, BacklinkState state, Backlink.Details details,
                                   Assessment assessment, String clientIp) {
        Timestamp now = Timestamp.from(Instant.now());
        h.createUpdate("UPDATE mention SET kind = :kind, status = :status, verification = :verification, reason = NULL, missing_count = 0, "
                       + "title = :title, excerpt = :excerpt, author = :author, client_ip = :clientIp, "
                       + "spam_score = :score, spam_reasons = :reasons, verified_at = :now, last_swept_at = :now, updated_at = :now WHERE id = :id")
                .bind("id", id)
                .bind("kind", kind.id())
                .bind("status", state.status().id())
                .bind("verification", state.check().id())
                .bind("clientIp", clientIp)
                .bind("now", now)
                .bindMap(found(details, assessment))
                .execute();
        return feedsChanged(h, findById(h, id).orElseThrow());
    }

    /**
     * Records what the source's microformats2 say (after a check that found the link), in the
     * check's unit of work.
     */
    public Backlink saveInteraction(Handle h, Backlink m, Interaction found) {
        Interaction.Author author = found.author();
        h.createUpdate("UPDATE mention SET interaction = :type, author_name = :name, author_url = :url, author_photo = :photo, "
                       + "published_at = :published, content_text = :text, content_html = :html, entry_url = :entry, rsvp = :rsvp, "
                       + "media = :media WHERE id = :id")
                .bind("id", m.id())
                .bind("type", found.type().id())
                .bind("name", Text.cut(Text.xmlSafe(author.name()), 250))
                .bind("url", fits(author.url()))
                .bind("photo", fits(author.photo()))
                .bind("published", found.published() == null ? null : Timestamp.from(found.published().truncatedTo(ChronoUnit.MICROS)))
                .bind("text", Text.cut(found.contentText(), Interaction.MAX_TEXT))
                .bind("html", found.contentHtml() != null && found.contentHtml().length() <= Interaction.MAX_HTML ? found.contentHtml() : null)
                .bind("entry", fits(found.url()))
                .bind("rsvp", found.rsvp())
                .bind("media", media(found.media()))
                .execute();
        return m.withInteraction(found);
    }

    private static String fits(String url) {
        return url == null || url.length() > 2048 ? null : url;
    }

    /** One item a line, as many whole lines as the column holds. */
    private static String media(List<String> media) {
        StringBuilder lines = new StringBuilder();
        for (String item : media) {
            if (lines.length() + item.length() + 1 > Interaction.MAX_HTML) {
                break;
            }
            lines.append(lines.isEmpty() ? "" : "\n").append(item);
        }
        return lines.isEmpty() ? null : lines.toString();
    }

    /** Records a check that failed for good, with its reason, and the state the lifecycle gave. */
    public Backlink saveFailedCheck(Handle h, long id, BacklinkState state, String reason) {
        h.createUpdate("UPDATE mention SET verification = :verification, status = :status, reason = :reason, "
                       + "updated_at = :now WHERE id = :id")
                .bind("id", id)
                .bind("verification", state.check().id())
                .bind("status", state.status().id())
                .bind("reason", Text.cut(reason, 500))
                .bind("now", Timestamp.from(Instant.now()))
                .execute();
        return feedsChanged(h, findById(h, id).orElseThrow());
    }

    /** A sweep found the source missing (404) once; a second time takes the backlink down. */
    public void countMissing(Handle h, long id) {
        h.createUpdate("UPDATE mention SET missing_count = missing_count + 1 WHERE id = :id").bind("id", id).execute();
    }

    /** Sets a backlink's moderation status (a moderator's or the blocklist's doing). */
    /** @return the backlink as it now is, or empty when there is none of that id */
    public Optional<Backlink> saveStatus(Handle h, long id, ModerationStatus status) {
        h.createUpdate("UPDATE mention SET status = :status, updated_at = :now WHERE id = :id")
                .bind("id", id)
                .bind("status", status.id())
                .bind("now", Timestamp.from(Instant.now()))
                .execute();
        return findById(h, id).map(m -> feedsChanged(h, m));
    }

    /** Removes a backlink and its queued check for good. */
    public void delete(Handle h, long id) {
        findById(h, id).ifPresent(m -> feedsChanged(h, m));
        h.createUpdate("DELETE FROM verify_job WHERE mention_id = :id").bind("id", id).execute();
        h.createUpdate("DELETE FROM mention WHERE id = :id").bind("id", id).execute();
    }

    /** The backlinks whose source host is {@code host} or, with {@code withSubdomains}, under it. */
    public List<Backlink> fromHost(Handle h, String host, boolean withSubdomains) {
        Query query = h.createQuery(SELECT + "WHERE source_host = :host"
                                    + (withSubdomains ? " OR source_host LIKE :suffix ESCAPE '\\'" : ""))
                .bind("host", host);
        if (withSubdomains) {
            query.bind("suffix", "%." + host.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"));
        }
        return query.map(BacklinkStore::map).list();
    }

    /** Bumps the feed versions of the backlink's article and site, in the change's own unit of work. */
    private Backlink feedsChanged(Handle h, Backlink m) {
        bump(h, FeedVersions.articleKey(m.target()));
        bump(h, FeedVersions.siteKey(m.site()));
        return m;
    }

    private void bump(Handle h, String feedKey) {
        database.feedVersions().bump(h, feedKey);
    }

    /** What a check found, for :title, :excerpt, :author, :score and :reasons. */
    private static Map<String, Object> found(Backlink.Details details, Assessment assessment) {
        Map<String, Object> values = new HashMap<>();
        values.put("title", details.title());
        values.put("excerpt", details.excerpt());
        values.put("author", details.author());
        values.put("score", assessment.score());
        values.put("reasons", assessment.reasons().isEmpty() ? null : Text.cut(String.join("\n", assessment.reasons()), 2000));
        return values;
    }

    /** Maps a row of {@link #SELECT} to a backlink. */
    public static Backlink map(ResultSet rs, StatementContext ctx) throws SQLException {
        String reasons = rs.getString("spam_reasons");
        return new Backlink(rs.getLong("id"),
                           Kind.fromId(rs.getString("kind")),
                           rs.getString("source"),
                           rs.getString("target"),
                           rs.getString("site"),
                           new BacklinkState(ModerationStatus.fromId(rs.getString("status")),
                                             CheckState.fromId(rs.getString("verification"))),
                           rs.getString("reason"),
                           rs.getString("title"),
                           rs.getString("excerpt"),
                           rs.getString("author"),
                           rs.getString("client_ip"),
                           new Assessment(rs.getDouble("spam_score"), reasons == null ? List.of() : Arrays.asList(reasons.split("\n"))),
                           instant(rs, "received_at"),
                           instant(rs, "verified_at"),
                           instant(rs, "updated_at"),
                           rs.getString("status_token"),
                           rs.getInt("missing_count"),
                           interaction(rs));
    }

    private static Interaction interaction(ResultSet rs) throws SQLException {
        String media = rs.getString("media");
        Instant published = instant(rs, "published_at");
        return new Interaction(Interaction.Type.fromId(rs.getString("interaction")),
                               new Interaction.Author(rs.getString("author_name"), rs.getString("author_url"), rs.getString("author_photo")),
                               published, rs.getString("content_text"), rs.getString("content_html"), rs.getString("entry_url"),
                               rs.getString("rsvp"), media == null ? List.of() : media.lines().toList());
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
