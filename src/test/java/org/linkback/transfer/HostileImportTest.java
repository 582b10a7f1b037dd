package org.linkback.transfer;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An imported file is checked and cleaned as a ping would be: a line that cannot be a backlink
 * here is a problem of its own line, and what is stored cannot break a feed or carry a script.
 */
class HostileImportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH = "Bearer " + TestLinkback.Settings.ADMIN_TOKEN;

    @Test
    void hostileLinesImportedThroughTheRunningServerAreRefusedOrCleanedAndEveryPageStillAnswers() throws Exception {
        try (PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(TestLinkback.Settings.forSite(blogs.url("/blog/")))) {
            Config root = config(blogs, linkback);
            Path file = hostileLines(blogs, linkback, root);

            TransferCommand.Result imported = TransferCommand.importFile(root, file.toString(), Optional.empty());

            assertTrue(imported.lines().getFirst().contains("through the running server"), imported.lines().toString());
            assertRefusedOrCleaned(imported, blogs, linkback);
        }
    }

    @Test
    void theSameLinesImportedByTheCommandOnItsOwnAreRefusedOrCleanedAlike() throws Exception {
        try (PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(TestLinkback.Settings.forSite(blogs.url("/blog/")))) {
            Config root = config(blogs, linkback);
            Path file = hostileLines(blogs, linkback, root);
            List<TransferCommand.Result> imported = new ArrayList<>();

            linkback.whileStopped(() -> imported.add(TransferCommand.importFile(root, file.toString(), Optional.empty())));

            assertFalse(imported.getFirst().lines().getFirst().contains("through the running server"), imported.toString());
            assertRefusedOrCleaned(imported.getFirst(), blogs, linkback);
        }
    }

    private static Config config(PageServer blogs, TestLinkback linkback) {
        return Config.just(ConfigSources.create(
                TestLinkback.withDatabase(TestLinkback.yaml(TestLinkback.Settings.forSite(blogs.url("/blog/"))), linkback.database())
                        .replace("port: 0", "port: " + URI.create(linkback.url("/")).getPort()), MediaTypes.APPLICATION_YAML));
    }

    /** One real backlink, exported; then nine lines made from it, each hostile in its own way. */
    private static Path hostileLines(PageServer blogs, TestLinkback linkback, Config root) throws Exception {
        String target = blogs.url("/blog/post");
        blogs.html("/blog/post", "<title>Post</title>");
        blogs.html("/a", "<title>A</title><a href=\"" + target + "\">x</a>");
        new PingbackClient(linkback.url("/xmlrpc")).ping(blogs.url("/a"), target);
        ByteArrayOutputStream exported = new ByteArrayOutputStream();
        assertEquals(0, TransferCommand.export(root, Optional.empty(), false, exported).exitStatus());
        ObjectNode real = (ObjectNode) JSON.readTree(exported.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow());
        List<String> lines = new ArrayList<>();
        Consumer<Consumer<ObjectNode>> line = change -> {
            ObjectNode copy = real.deepCopy();
            copy.put("source", "https://hostile.example/" + lines.size());
            copy.putNull("statusToken");
            change.accept(copy);
            lines.add(copy.toString());
        };
        line.accept(l -> l.put("kind", "bogus"));                            // line 1: refused
        line.accept(l -> l.put("interaction", "bogus"));                     // 2: refused
        line.accept(l -> l.put("status", "bogus"));                          // 3: refused
        line.accept(l -> l.put("site", "nosuch"));                           // 4: refused
        line.accept(l -> l.put("target", "https://elsewhere.example/post")); // 5: refused
        line.accept(l -> l.put("source", "javascript:alert(0)"));           // 6: refused
        line.accept(l -> l.put("title", "Bell \u0001 title"));              // 7: stored, cleaned
        line.accept(l -> l.putArray("media").add("nospace"));                // 8: stored, without the item
        line.accept(l -> l.put("interaction", "reply")
                .put("contentHtml", "<p>hi<script>alert(1)</script><img src=x onerror=alert(2)></p>")
                .put("authorUrl", "javascript:alert(3)")
                .put("entryUrl", "javascript:alert(4)"));                    // 9: stored, cleaned
        Path file = Files.createTempFile("hostile", ".jsonl");
        Files.writeString(file, String.join("\n", lines), StandardCharsets.UTF_8);
        return file;
    }

    private static void assertRefusedOrCleaned(TransferCommand.Result imported, PageServer blogs, TestLinkback linkback) throws Exception {
        String report = String.join("\n", imported.lines());
        for (int refused = 1; refused <= 6; refused++) {
            assertTrue(report.contains("line " + refused + ":"), "line " + refused + " is a problem: " + report);
        }
        assertTrue(report.contains(" read, 3 added"), "the three clean lines are stored: " + report);
        String article = URLEncoder.encode(blogs.url("/blog/post"), StandardCharsets.UTF_8);
        for (String page : List.of("/backlinks.atom?target=" + article, "/backlinks.rss?target=" + article,
                                   "/backlinks.json?target=" + article, "/backlinks.jf2?target=" + article,
                                   "/embed?target=" + article, "/backlinks.atom?site=test")) {
            HttpResponse<String> answer = linkback.get(page);
            assertEquals(200, answer.statusCode(), page + ": " + answer.body());
            assertFalse(answer.body().contains("javascript:"), page + " carries no javascript: URL");
            assertFalse(answer.body().contains("<script") || answer.body().contains("onerror"), page + " carries no script");
            assertFalse(answer.body().contains("\u0001"), page);
        }
        assertTrue(linkback.get("/backlinks.json?target=" + article).body().contains("Bell  title"), "the cleaned title is there");
        for (String list : List.of("/admin/api/mentions", "/admin/api/mentions?status=approved", "/admin/api/mentions?format=csv")) {
            assertEquals(200, linkback.get(list, "Authorization", AUTH).statusCode(), list);
        }
    }
}
