package org.linkback.admin;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        if (beforeId != null) {
            where.append(" AND id < :before");
            values.put("before", beforeId);
        }
        return database.read(h -> h.createQuery(BacklinkRows.SELECT + where + " ORDER BY id DESC FETCH FIRST :limit ROWS ONLY")
                .bind("limit", limit)
                .bindMap(values)
                .map(BacklinkRows::map)
                .list());
    }

    private static void condition(StringBuilder where, Map<String, Object> values, String column, String value) {
        if (value != null) {
            where.append(" AND ").append(column).append(" = :").append(column);
            values.put(column, value);
        }
    }

}
