package org.linkback.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.linkback.backlink.Backlink;
import org.linkback.backlink.BacklinkRows;
import org.linkback.store.Database;

/**
 * Pages of backlinks for moderation: the admin's one query of the mention table.
 */
final class BacklinkPages {

    private final Database database;

    BacklinkPages(Database database) {
        this.database = database;
    }

    /**
     * One page of backlinks for moderation, newest first. Pages are cut by id, so backlinks
     * that arrive while an admin pages through do not shift the pages.
     *
     * @param beforeId only backlinks with a smaller id (the cursor), or null for the first page
     */
    List<Backlink> list(BacklinkFilter filter, Long beforeId, int limit) {
        Map<String, Object> values = new HashMap<>();
        StringBuilder where = new StringBuilder("WHERE 1 = 1");
        condition(where, values, "status", filter.status() == null ? null : filter.status().id());
        condition(where, values, "site", filter.site());
        condition(where, values, "target", filter.target());
        condition(where, values, "source_host", filter.sourceHost());
        condition(where, values, "interaction", filter.type() == null ? null : filter.type().id());
        List<Backlink> page = new ArrayList<>();
        Long cursor = beforeId;
        while (true) {
            // a row that cannot be read is left out (logged once), and the page filled from the rows after it
            List<Row> rows = rows(where, values, cursor, limit);
            rows.stream().map(Row::backlink).filter(Objects::nonNull).limit(limit - page.size()).forEach(page::add);
            if (page.size() >= limit || rows.size() < limit) {
                return page;
            }
            cursor = rows.getLast().id();
        }
    }

    /** A row's id, and the backlink when it can be read. */
    private record Row(long id, Backlink backlink) {
    }

    private List<Row> rows(StringBuilder where, Map<String, Object> values, Long beforeId, int limit) {
        return database.read(h -> {
            var query = h.createQuery(BacklinkRows.SELECT + where + (beforeId == null ? "" : " AND id < :before")
                                      + " ORDER BY id DESC FETCH FIRST :limit ROWS ONLY")
                    .bind("limit", limit)
                    .bindMap(values);
            if (beforeId != null) {
                query.bind("before", beforeId);
            }
            return query.map((rs, ctx) -> new Row(rs.getLong("id"), BacklinkRows.readable(rs, ctx))).list();
        });
    }

    private static void condition(StringBuilder where, Map<String, Object> values, String column, String value) {
        if (value != null) {
            where.append(" AND ").append(column).append(" = :").append(column);
            values.put(column, value);
        }
    }

}
