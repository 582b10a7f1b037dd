package org.linkback.transfer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

import org.linkback.backlink.Assessment;
import org.linkback.backlink.Backlink;
import org.linkback.backlink.BacklinkState;
import org.linkback.backlink.Backlinks;
import org.linkback.backlink.CheckState;
import org.linkback.backlink.Kind;
import org.linkback.backlink.ModerationStatus;
import org.linkback.backlink.Refusal;
import org.linkback.mf2.Interaction;
import org.linkback.store.Dialect;
import org.linkback.store.PairKey;

/** Rows of a {@link Table} as JSON lines, and back: the one place that knows both shapes. */
final class Rows {

    private Rows() {
    }

    /** The JSON line of the current row: {@code type} first, then every column in the table's order. */
    static ObjectNode toJson(Table table, ResultSet rs) throws SQLException {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("type", table.type);
        for (Table.Column column : table.columns) {
            String name = column.name();
            String key = column.json();
            switch (column.type()) {
                case TEXT -> line.put(key, rs.getString(name));
                case LINES -> {
                    String value = rs.getString(name);
                    ArrayNode items = line.putArray(key);
                    if (value != null) {
                        value.lines().forEach(items::add);
                    }
                }
                case INTEGER -> {
                    int value = rs.getInt(name);
                    line.put(key, rs.wasNull() ? null : value);
                }
                case NUMBER -> {
                    double value = rs.getDouble(name);
                    line.put(key, rs.wasNull() ? null : value);
                }
                case BOOLEAN -> {
                    boolean value = rs.getBoolean(name);
                    line.put(key, rs.wasNull() ? null : value);
                }
                case TIME -> {
                    Timestamp value = rs.getTimestamp(name);
                    line.put(key, value == null ? null : value.toInstant().toString());
                }
            }
        }
        return line;
    }

    /** The columns a SELECT of this table reads. */
    static String columns(Table table) {
        StringJoiner names = new StringJoiner(", ");
        table.columns.forEach(column -> names.add(column.name()));
        return names.toString();
    }

    /**
     * Stores a JSON line's row unless a row with its unique key is there already.
     *
     * @return the new row's id (0 for tables without one), or empty when it was there
     * @throws IllegalArgumentException when the line lacks a column or has one of the wrong type
     */
    static Optional<Long> insert(Handle h, Dialect dialect, Table table, JsonNode line) {
        if (table == Table.BACKLINK) {
            throw new IllegalArgumentException("backlinks are stored through backlink/Backlinks.imported, their one write path");
        }
        StringJoiner names = new StringJoiner(", ");
        StringJoiner values = new StringJoiner(", ");
        for (Table.Column column : table.columns) {
            names.add(column.name());
            values.add(":" + column.json());
        }
        if (table.hasPairKey()) {
            names.add("pair_key");
            values.add(":pair_key");
        }
        String sql = "INSERT INTO " + table.name + " (" + names + ") VALUES (" + values + ")";
        if (table == Table.AUDIT) {
            // no unique key: the same entry is one with the same time, action and text
            int same = h.createQuery("SELECT COUNT(*) FROM audit WHERE happened_at = :at AND action = :action "
                                     + "AND COALESCE(source, '') = :source AND COALESCE(detail, '') = :detail")
                    .bind("at", Timestamp.from(instant(line.path("happenedAt"), table, "happenedAt")))
                    .bind("action", line.path("action").asText())
                    .bind("source", line.path("source").asText(""))
                    .bind("detail", line.path("detail").asText(""))
                    .mapTo(Integer.class).one();
            if (same > 0) {
                return Optional.empty();
            }
            bind(h.createUpdate(sql), table, line).execute();
            return Optional.of(0L);
        }
        if (!table.hasId()) {
            int inserted = dialect.insertUnlessTaken(h, sql, table.uniqueKey, update -> bind(update, table, line));
            return inserted == 1 ? Optional.of(0L) : Optional.empty();
        }
        Optional<Long> id = dialect.insertReturningId(h, sql, table.uniqueKey, update -> bind(update, table, line));
        if (id.isEmpty() && h.createQuery("SELECT COUNT(*) FROM " + table.name + " WHERE pair_key = :key")
                .bind("key", PairKey.of(required(line, "source", table), required(line, "target", table)))
                .mapTo(Integer.class).one() == 0) {
            // HSQLDB reports any unique key the same way: here another one (a status token) met another row
            throw new IllegalArgumentException("the " + table.type + " conflicts with a stored row of another source and target");
        }
        return id;
    }

    /**
     * A backlink line as the backlink it describes (for {@code backlink/Backlinks#imported}), with
     * the same checks of presence and type as any other row.
     *
     * @throws IllegalArgumentException when a column is missing, of the wrong type, or names an unknown kind, state or type
     */
    static Backlinks.Imported backlink(JsonNode line) {
        Table t = Table.BACKLINK;
        for (Table.Column column : t.columns) {
            if (line.get(column.json()) == null && !column.optional()) {
                throw new IllegalArgumentException("a " + t.type + " line has no \"" + column.json() + "\"");
            }
        }
        Backlink backlink = new Backlink(
                0, Kind.fromId(required(line, "kind", t)), required(line, "source", t), required(line, "target", t),
                required(line, "site", t),
                new BacklinkState(ModerationStatus.fromId(required(line, "status", t)), CheckState.fromId(required(line, "verification", t))),
                textOrNull(line, "reason", t), Refusal.fromId(textOrNull(line, "reasonCode", t)), textOrNull(line, "title", t),
                textOrNull(line, "excerpt", t), textOrNull(line, "author", t), textOrNull(line, "clientIp", t),
                new Assessment(present(line, "spamScore") ? checked(line.get("spamScore"), line.get("spamScore").isNumber(), t, "spamScore")
                        .doubleValue() : 0, itemsOf(line, "spamReasons", t)),
                timeOrNull(line, "receivedAt", t), timeOrNull(line, "verifiedAt", t), timeOrNull(line, "updatedAt", t),
                textOrNull(line, "statusToken", t),
                present(line, "missingCount") ? checked(line.get("missingCount"), line.get("missingCount").canConvertToInt(), t, "missingCount")
                        .intValue() : 0,
                new Interaction(Interaction.Type.fromId(textOrNull(line, "interaction", t)),
                                new Interaction.Author(textOrNull(line, "authorName", t), textOrNull(line, "authorUrl", t),
                                                       textOrNull(line, "authorPhoto", t)),
                                timeOrNull(line, "publishedAt", t), textOrNull(line, "contentText", t), textOrNull(line, "contentHtml", t),
                                textOrNull(line, "entryUrl", t), textOrNull(line, "rsvp", t), itemsOf(line, "media", t)));
        return new Backlinks.Imported(backlink, textOrNull(line, "sourceHost", t), timeOrNull(line, "lastSweptAt", t));
    }

    private static boolean present(JsonNode line, String name) {
        return line.get(name) != null && !line.get(name).isNull();
    }

    private static String textOrNull(JsonNode line, String name, Table table) {
        return present(line, name) ? text(line.get(name), table, name) : null;
    }

    private static Instant timeOrNull(JsonNode line, String name, Table table) {
        return present(line, name) ? instant(line.get(name), table, name) : null;
    }

    private static List<String> itemsOf(JsonNode line, String name, Table table) {
        return present(line, name) && !line.get(name).isEmpty() ? lines(line.get(name), table, name).lines().toList() : List.of();
    }

    private static Update bind(Update update, Table table, JsonNode line) {
        for (Table.Column column : table.columns) {
            String name = column.json();
            JsonNode value = line.get(name);
            if (value == null && !column.optional()) {
                throw new IllegalArgumentException("a " + table.type + " line has no \"" + name + "\"");
            }
            boolean missing = value == null || value.isNull();
            switch (column.type()) {
                case TEXT -> update.bind(name, missing ? null : text(value, table, name));
                case LINES -> update.bind(name, missing || value.isEmpty() ? null : lines(value, table, name));
                case INTEGER -> update.bind(name, missing ? null : Integer.valueOf(checked(value, value.canConvertToInt(), table, name).intValue()));
                case NUMBER -> update.bind(name, missing ? null : Double.valueOf(checked(value, value.isNumber(), table, name).doubleValue()));
                case BOOLEAN -> update.bind(name, missing ? null : Boolean.valueOf(checked(value, value.isBoolean(), table, name).booleanValue()));
                case TIME -> update.bind(name, missing ? null : Timestamp.from(instant(value, table, name)));
            }
        }
        if (table.hasPairKey()) {
            update.bind("pair_key", PairKey.of(required(line, "source", table), required(line, "target", table)));
        }
        return update;
    }

    static String required(JsonNode line, String name, Table table) {
        JsonNode value = line.get(name);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("a " + table.type + " line needs \"" + name + "\"");
        }
        return value.asText();
    }

    /** An array of one-line strings, joined one a line (how the column keeps them). */
    private static String lines(JsonNode value, Table table, String name) {
        checked(value, value.isArray(), table, name);
        StringJoiner lines = new StringJoiner("\n");
        for (JsonNode item : value) {
            String text = text(item, table, name);
            if (text.contains("\n") || text.contains("\r")) {
                throw new IllegalArgumentException("an item of \"" + name + "\" of a " + table.type + " line has a line break");
            }
            lines.add(text);
        }
        return lines.toString();
    }

    private static String text(JsonNode value, Table table, String name) {
        return checked(value, value.isTextual(), table, name).asText();
    }

    private static JsonNode checked(JsonNode value, boolean ok, Table table, String name) {
        if (!ok) {
            throw new IllegalArgumentException("\"" + name + "\" of a " + table.type + " line has the wrong type");
        }
        return value;
    }

    static Instant instant(JsonNode value, Table table, String name) {
        try {
            return Instant.parse(text(value, table, name));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + name + "\" of a " + table.type + " line is not an instant", e);
        }
    }
}
