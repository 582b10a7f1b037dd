package org.linkback.backlink;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.jdbi.v3.core.statement.StatementContext;

import org.linkback.mf2.Interaction;

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

    private BacklinkRows() {
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
