package org.linkback.receive;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.linkback.config.LinkbackConfig;
import org.linkback.queue.JobQueue;
import org.linkback.store.Database;
import org.linkback.testing.QueryPlans;
import org.linkback.testing.TestBacklinks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sweep's look for backlinks due a re-check reads a batch from the start of an index, never
 * every approved backlink (it runs every few minutes, and at start-up).
 */
@Tag("hsqldb") // HSQLDB's own query plans
class SweepQueryPlanTest {

    @Test
    void theSweepReadsItsBatchFromAnIndex() throws Exception {
        try (Database database = Database.open(new LinkbackConfig.Database(
                "jdbc:hsqldb:file:" + Files.createTempDirectory("linkback-plan").resolve("db"), "SA", ""))) {
            Sweep sweep = new Sweep(database, TestBacklinks.on(database), JobQueue.checks(database, java.time.Clock.systemUTC()), Duration.ofDays(7), java.time.Clock.systemUTC());

            List<String> selects = QueryPlans.selectsOf(database, sweep::queueDue);

            assertEquals(2, selects.size(), "never swept, then the oldest checked: " + selects);
            for (String sql : selects) {
                assertTrue(QueryPlans.readsInOrderFrom(database, sql, "mention_sweep_due"), sql + "\n" + QueryPlans.plan(database, sql));
            }
        }
    }
}
