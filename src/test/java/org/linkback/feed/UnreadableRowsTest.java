package org.linkback.feed;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.linkback.backlink.Assessment;
import org.linkback.backlink.Backlink;
import org.linkback.backlink.BacklinkState;
import org.linkback.backlink.Backlinks;
import org.linkback.backlink.CheckState;
import org.linkback.backlink.Kind;
import org.linkback.backlink.ModerationStatus;
import org.linkback.store.Database;
import org.linkback.testing.ServedBlogTest;
import org.linkback.testing.TestBacklinks;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rows stored before every way in was checked (an older import, a hand edit) cannot break a
 * page: one this version cannot read is left out, remote text XML forbids is dropped, a media
 * item of the wrong shape is skipped; every feed and the admin list answer, and page past them.
 */
class UnreadableRowsTest extends ServedBlogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH = "Bearer " + TestLinkback.Settings.ADMIN_TOKEN;

    @Test
    void feedsAndTheAdminListSkipWhatTheyCannotReadAndAnswerTheRest() throws Exception {
        String target = blogs.url("/blog/unreadable");
        try (Database database = linkback.openDatabase()) {
            Backlinks backlinks = TestBacklinks.on(database);
            List<Backlinks.Loaded> rows = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                rows.add(new Backlinks.Loaded(Kind.WEBMENTION, "https://old.example/" + i, target, "test",
                                              new BacklinkState(ModerationStatus.APPROVED, CheckState.VERIFIED),
                                              new Backlink.Details("Old " + i, null, null), Assessment.CLEAN, "192.0.2.1",
                                              Instant.now().minusSeconds(i)));
            }
            database.useTransaction(h -> backlinks.loaded(h, rows));
            database.useTransaction(h -> {
                h.execute("UPDATE mention SET kind = 'bogus' WHERE source = 'https://old.example/1'");
                h.execute("UPDATE mention SET interaction = 'bogus' WHERE source = 'https://old.example/2'");
                h.execute("UPDATE mention SET title = 'Bell \u0001 title' WHERE source = 'https://old.example/3'");
                h.execute("UPDATE mention SET media = 'nospace' WHERE source = 'https://old.example/4'");
                h.execute("UPDATE mention SET status = 'bogus' WHERE source = 'https://old.example/5'");
            });
        }
        String article = URLEncoder.encode(target, StandardCharsets.UTF_8);

        for (String page : List.of("/backlinks.atom?target=" + article, "/backlinks.rss?target=" + article, "/backlinks.json?target=" + article,
                                   "/backlinks.jf2?target=" + article, "/embed?target=" + article, "/backlinks.atom?site=test")) {
            HttpResponse<String> answer = linkback.get(page);
            assertEquals(200, answer.statusCode(), page + ": " + answer.body());
            assertFalse(answer.body().contains("\u0001"), page);
        }
        JsonNode feed = JSON.readTree(linkback.get("/backlinks.json?target=" + article).body());
        assertEquals(3, feed.path("items").size(), "the readable ones: 0, 3 and 4 (1 and 2 cannot be read, 5 is not approved)");

        JsonNode first = JSON.readTree(linkback.get("/admin/api/mentions?source-host=old.example&limit=2", "Authorization", AUTH).body());
        List<String> seen = new ArrayList<>();
        first.path("items").forEach(item -> seen.add(item.path("source").asText()));
        JsonNode second = JSON.readTree(linkback.get("/admin/api/mentions?source-host=old.example&limit=2&cursor="
                                                     + first.path("nextCursor").asText(), "Authorization", AUTH).body());
        second.path("items").forEach(item -> seen.add(item.path("source").asText()));
        assertEquals(List.of("https://old.example/0", "https://old.example/3", "https://old.example/4"), seen.stream().sorted().toList(),
                     "every readable row, paging past those that are not");
        assertNull(second.path("nextCursor").textValue());
        assertTrue(linkback.get("/admin/api/mentions?format=csv", "Authorization", AUTH).body().contains("https://old.example/4"));
    }
}
