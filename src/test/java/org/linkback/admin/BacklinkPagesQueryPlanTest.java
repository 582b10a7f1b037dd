package org.linkback.admin;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.linkback.backlink.ModerationStatus;
import org.linkback.config.LinkbackConfig;
import org.linkback.store.Database;
import org.linkback.testing.QueryPlans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A page of the admin's list, deep in a million backlinks, filtered by status, or an owner's (one
 * site), reads one page of rows.
 */
@Tag("hsqldb") // HSQLDB's own query plans
class BacklinkPagesQueryPlanTest {

    @Test
    void pagesAllAndByStatusReadTheirRowsFromAnIndex() throws Exception {
        try (Database database = Database.open(new LinkbackConfig.Database(
                "jdbc:hsqldb:file:" + Files.createTempDirectory("linkback-plan").resolve("db"), "SA", ""))) {
            BacklinkPages pages = new BacklinkPages(database);

            List<String> selects = QueryPlans.selectsOf(database, () -> {
                pages.list(BacklinkFilter.ALL, 1_000L, 50);
                pages.list(new BacklinkFilter(ModerationStatus.PENDING, null, null, null, null), 1_000L, 50);
                pages.list(new BacklinkFilter(null, "alice", null, null, null), 1_000L, 50);
            });

            assertEquals(3, selects.size(), selects.toString());
            assertTrue(QueryPlans.readsInOrderFrom(database, selects.get(0), "sys_pk"), QueryPlans.plan(database, selects.get(0)));
            assertTrue(QueryPlans.readsInOrderFrom(database, selects.get(1), "mention_by_status"), QueryPlans.plan(database, selects.get(1)));
            assertTrue(QueryPlans.readsInOrderFrom(database, selects.get(2), "mention_by_site_and_id"), QueryPlans.plan(database, selects.get(2)));
            // HSQLDB's plan says "uses index" also when it then reads every matching row (a status of a
            // million: 10 s); it reads just one page only when ordered by all of the index's columns
            assertTrue(selects.get(1).contains("ORDER BY status DESC, id DESC"), selects.get(1));
            assertTrue(selects.get(2).contains("ORDER BY site DESC, id DESC"), selects.get(2));
        }
    }
}
