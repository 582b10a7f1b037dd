package org.linkback.feed;

import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.linkback.config.LinkbackConfig;
import org.linkback.config.Site;
import org.linkback.config.Sites;
import org.linkback.store.Database;
import org.linkback.testing.QueryPlans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feeds of any size cost the same: the newest backlinks of an article or a site come from the
 * end of an index, never from a sort of all of them (a site with a million took 3 s that way).
 */
@Tag("hsqldb") // HSQLDB's own query plans
class PublishedBacklinksQueryPlanTest {

    @Test
    void articleAndSiteFeedsReadTheirRowsFromAnIndex() throws Exception {
        try (Database database = Database.open(new LinkbackConfig.Database(
                "jdbc:hsqldb:file:" + Files.createTempDirectory("linkback-plan").resolve("db"), "SA", ""))) {
            PublishedBacklinks backlinks = new PublishedBacklinks(database, new FeedVersions(database, java.time.Clock.systemUTC()), new Sites(List.of(
                    new Site("blog", URI.create("https://blog.example/"), "Blog", null))));

            List<String> selects = QueryPlans.selectsOf(database, () -> {
                backlinks.ofArticle("https://blog.example/post", Set.of());
                backlinks.ofSite("blog");
            });

            List<String> feeds = selects.stream().filter(sql -> sql.contains("FROM mention")).toList();
            assertEquals(2, feeds.size(), "the feed queries were seen: " + selects);
            assertTrue(QueryPlans.readsInOrderFrom(database, feeds.get(0), "mention_by_target"), QueryPlans.plan(database, feeds.get(0)));
            assertTrue(QueryPlans.readsInOrderFrom(database, feeds.get(1), "mention_by_site"), QueryPlans.plan(database, feeds.get(1)));
        }
    }
}
