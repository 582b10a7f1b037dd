package org.linkback.backlink;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import org.jdbi.v3.core.statement.StatementContext;

import org.linkback.mf2.Interaction;
import org.linkback.text.Text;

/**
 * Reading whole backlinks from the {@code mention} table, for the queries of other features
 * (feeds, the admin list): the columns to select and the row mapper. Writing is
 * {@link Backlinks}' alone.
 */
public final class BacklinkRows {

    private static final String COLUMNS = "id, kind, source, target, site, status, verification, reason, reason_code, title, excerpt, "
                                          + "author, client_ip, spam_score, spam_reasons, received_at, verified_at, updated_at, status_token, "
                                          + "missing_count, interaction, author_name, author_url, author_photo, published_at, content_text, "
                                          + "content_html, entry_url, rsvp, media";
    /** Selects whole backlinks; add a WHERE clause. */
    public static final String SELECT = "SELECT " + COLUMNS + " FROM mention ";

    private static final Logger LOG = Logger.getLogger(BacklinkRows.class.getName());
    /** Rows already said to be unreadable: each is logged once (at most this many remembered). */
    private static final Set<Long> UNREADABLE = ConcurrentHashMap.newKeySet();

    private BacklinkRows() {
    }

    /**
     * {@link #map}, or null for a row this version cannot read (an unknown kind, state or type
     * written by hand or by an older import): the page that lists it skips it, logged once,
     * instead of failing for every reader.
     */
    public static Backlink readable(ResultSet rs, StatementContext ctx) throws SQLException {
        try {
            return map(rs, ctx);
        } catch (IllegalArgumentException | NullPointerException e) {
            long id = rs.getLong("id");
            if (UNREADABLE.size() < 10_000 && UNREADABLE.add(id)) {
                LOG.warning(() -> "backlink " + id + " cannot be read and is left out: " + e.getMessage());
            }
            return null;
        }
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
                            Refusal.fromId(rs.getString("reason_code")),
                            // remote text stored before it was cleaned at every way in (an older import)
                            Text.xmlSafe(rs.getString("title")),
                            Text.xmlSafe(rs.getString("excerpt")),
                            Text.xmlSafe(rs.getString("author")),
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
                               new Interaction.Author(Text.xmlSafe(rs.getString("author_name")), rs.getString("author_url"),
                                                      rs.getString("author_photo")),
                               published, Text.xmlSafe(rs.getString("content_text")), rs.getString("content_html"), rs.getString("entry_url"),
                               rs.getString("rsvp"), media == null ? List.of() : media.lines().toList());
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
