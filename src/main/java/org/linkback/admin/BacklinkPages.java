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
        String order = order(filter);
        List<Backlink> page = new ArrayList<>();
        Long cursor = beforeId;
        while (true) {
            // a row that cannot be read is left out (logged once), and the page filled from the rows after it
            List<Row> rows = rows(where, order, values, cursor, limit);
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

    /**
     * Newest first, said in the columns of the index that serves the filter: HSQLDB reads a page
     * from the end of an index only when the query is ordered by all its columns (the filter's
     * columns are equal in every row, so the order is the id's all the same). Ordered by the id
     * alone, a status's first page of a million backlinks took 10 s; so ordered, 2 ms.
     */
    private static String order(BacklinkFilter filter) {
        boolean onlySite = filter.site() != null && filter.status() == null;
        boolean onlyStatus = filter.status() != null && filter.site() == null;
        boolean nothingElse = filter.target() == null && filter.sourceHost() == null && filter.type() == null;
        if (nothingElse && onlySite) {
            return "site DESC, id DESC"; // mention_by_site_and_id
        }
        if (nothingElse && onlyStatus) {
            return "status DESC, id DESC"; // mention_by_status
        }
        return "id DESC";
    }

    private List<Row> rows(StringBuilder where, String order, Map<String, Object> values, Long beforeId, int limit) {
        return database.read(h -> {
            var query = h.createQuery(BacklinkRows.SELECT + where + (beforeId == null ? "" : " AND id < :before")
                                      + " ORDER BY " + order + " FETCH FIRST :limit ROWS ONLY")
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
