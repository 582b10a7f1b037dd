package org.linkback.transfer;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

import org.linkback.store.Database;

/**
 * Writes what a database holds as JSON lines, one row a line: every backlink with all its
 * fields and its moderation status, and for a whole move ({@code --all}) also the outbound links
 * of our own articles (so a move does not notify everyone again), the watched feeds' entries,
 * and the blocklist (not for one site: it is everyone's). The queues are not written: an import
 * queues again what is pending.
 */
final class Export {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 1_000;

    private Export() {
    }

    /** Writes every line to out, in the order of the tables and of their rows, and returns their counts and checksums. */
    static Checksum write(Database database, Optional<String> site, boolean all, Consumer<String> out) {
        return write(database, site, all, false, out);
    }

    /** {@link #write(Database, Optional, boolean, Consumer)}, with the audit log when {@code audit} (whole exports only). */
    static Checksum write(Database database, Optional<String> site, boolean all, boolean audit, Consumer<String> out) {
        Checksum checksum = new Checksum();
        for (Table table : tables(site, all, audit)) {
            Consumer<ObjectNode> each = line -> {
                String text = text(line);
                checksum.add(table, text);
                out.accept(text);
            };
            if (table.hasId()) {
                pagesById(database, table, site, each);
            } else {
                database.read(h -> select(h, table, site, "", " ORDER BY " + table.uniqueKey).map((rs, ctx) -> Rows.toJson(table, rs)).list())
                        .forEach(each);
            }
        }
        return checksum;
    }

    /** The tables an export writes: backlinks, and with {@code all} the rest (of one site: the rest that is a site's). */
    static List<Table> tables(Optional<String> site, boolean all) {
        return tables(site, all, false);
    }

    static List<Table> tables(Optional<String> site, boolean all, boolean audit) {
        return Arrays.stream(Table.values())
                .filter(table -> table == Table.BACKLINK || (table == Table.AUDIT ? audit : all))
                .filter(table -> site.isEmpty() || table.siteColumn != null)
                .toList();
    }

    /** A large table a page at a time, by id: neither database holds a long read open, and memory stays flat. */
    private static void pagesById(Database database, Table table, Optional<String> site, Consumer<ObjectNode> each) {
        long after = 0;
        while (true) {
            long from = after;
            List<Row> page = database.read(h -> select(h, table, site, " AND id > :after", " ORDER BY id FETCH FIRST " + PAGE + " ROWS ONLY")
                    .bind("after", from)
                    .map((rs, ctx) -> new Row(rs.getLong("id"), Rows.toJson(table, rs)))
                    .list());
            page.forEach(row -> each.accept(row.line()));
            if (page.size() < PAGE) {
                return;
            }
            after = page.getLast().id();
        }
    }

    private record Row(long id, ObjectNode line) {
    }

    private static Query select(Handle h, Table table, Optional<String> site, String condition, String order) {
        String where = site.isPresent() ? " WHERE " + table.siteColumn + " = :site" : " WHERE 1 = 1";
        Query query = h.createQuery("SELECT " + (table.hasId() ? "id, " : "") + Rows.columns(table) + " FROM " + table.name + where + condition + order);
        site.ifPresent(name -> query.bind("site", name));
        return query;
    }

    static String text(ObjectNode line) {
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always writes", e);
        }
    }
}
