package org.linkback.transfer;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
import org.linkback.config.LinkbackConfig;
import org.linkback.store.Database;
import org.linkback.testing.Cli;
import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestBacklinks;
import org.linkback.testing.TestDatabase;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Moving an embedded database to another one (PostgreSQL in the PostgreSQL pass, a new embedded
 * one otherwise) with {@code linkback export} and {@code linkback import}, run as commands.
 */
class ExportImportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH = "Bearer " + TestLinkback.Settings.ADMIN_TOKEN;
    /** More than a page of the export (1,000) and a batch of the import (500). */
    private static final int LOADED = 2_345;

    @Test
    void anEmbeddedDatabaseMovesWithEveryRowTwiceWithoutChangeAndServesTheSameBacklinks() throws Exception {
        try (PageServer blogs = new PageServer(); PageServer elsewhere = new PageServer()) {
            String post = blogs.url("/blog/post");
            blogs.html("/blog/post", "<p>article, citing <a href=\"" + elsewhere.url("/page") + "\">this</a></p>");
            elsewhere.html("/page", "<p>no endpoint here</p>");
            TestLinkback.Settings settings = TestLinkback.Settings.forSite(blogs.url("/blog/"));
            Path fromDir = Files.createTempDirectory("move-from");
            TestDatabase from = TestDatabase.embeddedIn(fromDir);

            String statusUrl;
            String feedBefore;
            Path fromConfig;
            try (TestLinkback old = TestLinkback.startOn(from, settings)) {
                PingbackClient pingback = new PingbackClient(old.url("/xmlrpc"));
                for (int i = 0; i < 5; i++) {
                    blogs.html("/notes/" + i, "<p>Note " + i + " on <a href=\"" + post + "\">the post</a>: caf\u00e9 \u2603</p>");
                    pingback.ping(blogs.url("/notes/" + i), post);
                }
                blogs.html("/reply", "<p><a href=\"" + post + "\">a reply</a></p>");
                HttpResponse<String> accepted = old.postForm("/webmention", "application/x-www-form-urlencoded",
                                                             "source=" + encode(blogs.url("/reply")) + "&target=" + encode(post));
                statusUrl = accepted.headers().firstValue("Location").orElseThrow();
                assertTrue(old.awaitBody(statusUrl, "\"verified\"").body().contains("\"verified\""));
                long spam = 0;
                for (JsonNode item : JSON.readTree(old.get("/admin/api/mentions", "Authorization", AUTH).body()).path("items")) {
                    if (item.path("source").asText().equals(blogs.url("/notes/0"))) {
                        spam = item.path("id").asLong();
                    }
                }
                assertEquals(200, old.post("/admin/api/mentions/" + spam + "/status", "application/json",
                                           "{\"status\":\"spam\"}".getBytes(StandardCharsets.UTF_8), "Authorization", AUTH).statusCode());
                assertEquals(2, old.post("/admin/api/blocklist", "application/json",
                                         "{\"pattern\":\"spam.example\"}".getBytes(StandardCharsets.UTF_8), "Authorization", AUTH)
                        .statusCode() / 100);
                assertEquals(202, old.post("/admin/api/send", "application/json",
                                           JSON.writeValueAsBytes(Map.of("source", post)), "Authorization", AUTH).statusCode());
                fromConfig = old.configForAnotherProcess();

                Cli.Run whileServing = Cli.run("export", "--config", fromConfig.toString());
                assertEquals(2, whileServing.exitStatus(), "an embedded database belongs to the running server");
                assertTrue(whileServing.err().contains("in use by a running server"), whileServing.err());
                feedBefore = old.get("/backlinks.json?target=" + encode(post)).body();
            }
            loadMore(from, blogs);

            Cli.Run backlinksOnly = Cli.run("export", "--config", fromConfig.toString());
            assertEquals(0, backlinksOnly.exitStatus(), backlinksOnly.err());
            List<String> backlinks = backlinksOnly.out().lines().toList();
            assertEquals(6 + LOADED + 1, backlinks.size(), "every backlink, one a line, and nothing else");
            JsonNode pinged = backlinks.stream().map(ExportImportTest::json).filter(line -> line.path("source").asText()
                    .equals(blogs.url("/notes/0"))).findFirst().orElseThrow();
            assertEquals("backlink", pinged.path("type").asText());
            assertEquals("spam", pinged.path("status").asText(), "with its moderation status");
            assertEquals("pingback", pinged.path("kind").asText());
            assertTrue(pinged.path("receivedAt").isTextual() && pinged.path("spamReasons").isArray()
                       && pinged.path("clientIp").isTextual(), "fields named as the admin API names them: " + pinged);

            Cli.Run export = Cli.run("export", "--all", "--config", fromConfig.toString());
            assertEquals(0, export.exitStatus(), export.err());
            assertTrue(export.err().contains("backlink: " + (6 + LOADED + 1) + " "), export.err());
            long rows = export.out().lines().count();
            assertTrue(export.err().lines().anyMatch(line -> line.matches("export: " + rows + " rows, \\d+/s, in \\d+\\.\\d s")),
                       "not a terminal: the progress as a plain line at the end: " + export.err());
            Map<String, Integer> types = new java.util.TreeMap<>();
            for (String line : export.out().lines().toList()) {
                types.merge(JSON.readTree(line).path("type").asText(), 1, Integer::sum); // every line a JSON object with its type
            }
            assertEquals(Map.of("site", 1, "backlink", 6 + LOADED + 1, "outbound", 1, "feed-entry", 1, "block", 1), types);
            Path file = Files.createTempFile("linkback", ".jsonl");
            Files.writeString(file, export.out(), StandardCharsets.UTF_8);

            Path toDir = Files.createTempDirectory("move-to");
            TestDatabase to = TestDatabase.in(toDir);
            Path toConfig = TestLinkback.writeConfig(toDir, to, TestLinkback.yaml(settings));
            Cli.Run first = Cli.run("import", file.toString(), "--config", toConfig.toString());
            assertEquals(0, first.exitStatus(), first.out() + first.err());
            assertTrue(first.err().contains("import: " + rows + " lines of " + rows + " (100 %)"), "the file counted first: " + first.err());
            assertTrue(first.out().contains("backlink: " + (6 + LOADED + 1) + " read, " + (6 + LOADED + 1) + " added, 0 there already"),
                       first.out());
            assertEquals(Export.tables(java.util.Optional.empty(), true).size(), count(first.out(), "identical to the file"), first.out());

            Cli.Run again = Cli.run("import", file.toString(), "--config", toConfig.toString());
            assertEquals(0, again.exitStatus(), again.out() + again.err());
            assertTrue(again.out().contains("backlink: " + (6 + LOADED + 1) + " read, 0 added, " + (6 + LOADED + 1) + " there already"),
                       again.out());
            assertEquals(Export.tables(java.util.Optional.empty(), true).size(), count(again.out(), "identical to the file"), "importing twice changes nothing: " + again.out());

            Cli.Run exportAgain = Cli.run("export", "--all", "--config", toConfig.toString());
            assertEquals(export.out(), exportAgain.out(), "the new database holds the very same rows");

            try (TestLinkback moved = TestLinkback.startOn(to, settings)) {
                String feed = moved.get("/backlinks.json?target=" + encode(post)).body();
                for (JsonNode item : JSON.readTree(feedBefore).path("items")) {
                    assertTrue(feed.contains(item.path("url").asText()), "still shown: " + item.path("url"));
                }
                assertTrue(moved.get(statusUrl).body().contains("\"verified\""), "a sender's status URL still answers");
                assertTrue(moved.awaitBody("/backlinks.json?target=" + encode(post), blogs.url("/pending")).body()
                                   .contains(blogs.url("/pending")), "a backlink that was pending is checked where it now lives");
                HttpResponse<String> blocked = moved.postForm("/webmention", "application/x-www-form-urlencoded",
                                                              "source=" + encode("https://spam.example/x") + "&target=" + encode(post));
                assertEquals(400, blocked.statusCode());
                assertTrue(blocked.body().contains("blocked"), "the blocklist came along: " + blocked.body());
            }
        }
    }

    @Test
    void anExportOfOneSiteHoldsThatSitesRowsOnly() throws Exception {
        LinkbackConfig config = stored("test", "http://blog.example/a", "https://one.example/",
                                       "other", "http://other.example/a", "https://two.example/").config();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TransferCommand.Result result = TransferCommand.export(config, Optional.of("test"), true, out);

        assertEquals(0, result.exitStatus(), result.lines().toString());
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), lines.toString());
        assertEquals("test", JSON.readTree(lines.getFirst()).path("site").asText());
        assertEquals(2, TransferCommand.export(config, Optional.of("nope"), false, new ByteArrayOutputStream()).exitStatus());
    }

    @Test
    void theAuditLogMovesWhenAskedForOnceEvenWhenImportedTwice() throws Exception {
        Stored from = stored("test", "http://blog.example/a", "https://one.example/");
        try (Database db = Database.open(from.database().config())) {
            db.useTransaction(h -> h.createUpdate("INSERT INTO audit (happened_at, actor, action, source, target, detail) "
                                                  + "VALUES (:at, 'admin', 'status.changed', 'https://one.example/', "
                                                  + "'http://blog.example/a', 'by hand')")
                    .bind("at", Timestamp.from(Instant.parse("2026-01-02T03:04:05.123456Z"))).execute());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, TransferCommand.export(from.config(), Optional.empty(), true, true, out).exitStatus());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"type\":\"audit\""));
        Path file = Files.createTempFile("audit", ".jsonl");
        Files.write(file, out.toByteArray());

        Stored to = stored();
        String first = String.join("\n", TransferCommand.importFile(to.config(), file.toString(), Optional.empty()).lines());
        assertTrue(first.contains("audit: 1 read, 1 added"), first);
        assertTrue(first.contains("audit: 1 (checksum") && first.lines().filter(l -> l.contains("audit: 1 (checksum")
                                                                                     && l.contains("identical")).count() == 1, first);
        String second = String.join("\n", TransferCommand.importFile(to.config(), file.toString(), Optional.empty()).lines());
        assertTrue(second.contains("audit: 1 read, 0 added, 1 there already"), second);
    }

    @Test
    void linesThatCannotBeImportedAreNamedAndTheRestIsStored() throws Exception {
        Stored stored = stored("test", "http://blog.example/a", "https://one.example/");
        LinkbackConfig config = stored.config();
        ByteArrayOutputStream exported = new ByteArrayOutputStream();
        TransferCommand.export(config, Optional.empty(), false, exported);
        String good = exported.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        Path file = Files.createTempFile("bad", ".jsonl");
        Files.writeString(file, String.join("\n",
                                            withToken(good.replace("one.example", "three.example"), "three"),
                                            "{not json",
                                            "{\"type\":\"backlink\",\"source\":\"https://x.example/\"}",
                                            "{\"type\":\"rumour\"}",
                                            withToken(good.replace("one.example", "four.example"), "four")
                                                    .replace("\"receivedAt\":\"", "\"receivedAt\":\"yesterday"),
                                            withToken(good.replace("one.example", "five.example"), "five"),
                                            good.replace("one.example", "six.example")), StandardCharsets.UTF_8);

        TransferCommand.Result result = TransferCommand.importFile(config, file.toString(), Optional.empty());

        String report = String.join("\n", result.lines());
        assertEquals(1, result.exitStatus(), report);
        assertTrue(report.contains("backlink: 2 read, 2 added"), report);
        for (int line = 2; line <= 5; line++) {
            assertTrue(report.contains("line " + line + ": "), "line " + line + " is named: " + report);
        }
        assertTrue(report.contains("line 7: "), "its status token is another's: " + report);
        assertFalse(report.contains("line 1:") || report.contains("line 6:"), report);
        try (Database db = Database.open(stored.database().config())) {
            assertEquals(3, (int) db.read(h -> h.createQuery("SELECT COUNT(*) FROM mention").mapTo(Integer.class).one()));
        }
        assertEquals(2, TransferCommand.importFile(config, file.toString(), Optional.of("blogger")).exitStatus(),
                     "a format linkback does not read is refused, not misread");
    }

    /** Rows the running server would take too long to receive one by one, and a backlink still pending its check. */
    private static void loadMore(TestDatabase database, PageServer blogs) {
        blogs.html("/pending", "<p><a href=\"" + blogs.url("/blog/post") + "\">pending</a></p>");
        try (Database db = Database.open(database.config())) {
            Backlinks store = TestBacklinks.on(db);
            List<Backlinks.Loaded> rows = new ArrayList<>();
            Instant start = Instant.parse("2026-01-01T00:00:00.123456Z");
            for (int i = 0; i < LOADED; i++) {
                rows.add(new Backlinks.Loaded(
                        Kind.values()[i % 3], "https://blog" + i + ".example/post?x=%22q%22&n=" + i, blogs.url("/blog/post-" + i % 7), "test",
                        new BacklinkState(ModerationStatus.APPROVED, CheckState.VERIFIED),
                        new Backlink.Details("Title " + i + " \u00e9\t<b>", i % 2 == 0 ? null : "excerpt\nline", "Author " + i),
                        new Assessment(i % 5 / 10.0, i % 5 == 0 ? List.of() : List.of("reason one", "reason two")), "192.0.2." + i % 250,
                                                start.plusSeconds(i)));
            }
            db.useTransaction(h -> store.loaded(h, rows));
            db.useTransaction(h -> store.loaded(h, List.of(new Backlinks.Loaded(
                    Kind.WEBMENTION, blogs.url("/pending"), blogs.url("/blog/post"), "test",
                    new BacklinkState(ModerationStatus.PENDING, CheckState.PENDING), new Backlink.Details(null, null, null),
                    Assessment.CLEAN, "192.0.2.9", Instant.now()))));
            db.useTransaction(h -> h.createUpdate("INSERT INTO feed_entry (site, link, changed_at, seen_at) VALUES ('test', :link, NULL, :now)")
                    .bind("link", blogs.url("/blog/post"))
                    .bind("now", Timestamp.from(Instant.now()))
                    .execute());
        }
    }

    private record Stored(TestDatabase database, LinkbackConfig config) {
    }

    /** A new database holding these backlinks (site, target, source, ...), and a configuration for it with the sites "test" and "other". */
    private static Stored stored(String... siteTargetSource) throws Exception {
        Path dir = Files.createTempDirectory("transfer");
        TestDatabase database = TestDatabase.in(dir);
        try (Database db = Database.open(database.config())) {
            for (int i = 0; i < siteTargetSource.length; i += 3) {
                insert(db, siteTargetSource[i], siteTargetSource[i + 1], siteTargetSource[i + 2]);
            }
        }
        return new Stored(database, config(dir, database, "http://blog.example/"));
    }

    private static void insert(Database db, String site, String target, String source) {
        db.useTransaction(h -> TestBacklinks.on(db).loaded(h, List.of(new Backlinks.Loaded(
                Kind.PINGBACK, source, target, site, new BacklinkState(ModerationStatus.APPROVED, CheckState.VERIFIED),
                new Backlink.Details("t", "e", "a"), Assessment.CLEAN, "192.0.2.1", Instant.now()))));
    }

    private static LinkbackConfig config(Path dir, TestDatabase database, String siteBase) throws Exception {
        String yaml = TestLinkback.yaml(TestLinkback.Settings.forSite(siteBase))
                .replace("  sites:\n", "  sites:\n    - name: other\n      base-url: http://other.example/\n");
        return LinkbackConfig.from(LinkbackConfig.load(TestLinkback.writeConfig(dir, database, yaml)));
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private static String withToken(String line, String token) {
        return line.replaceFirst("\"statusToken\":\"[^\"]*\"", "\"statusToken\":\"" + token + "\"");
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
