package org.linkback.transfer;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code linkback export} and {@code import} while the server runs (its embedded database is its
 * own): both go through its admin API, the import in batches, and its feeds show what came in.
 */
class ThroughServerTest {

    @Test
    void exportAndImportWorkWhileTheServerRunsOnItsOwnDatabase() throws Exception {
        try (PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(TestLinkback.Settings.forSite(blogs.url("/blog/")))) {
            blogs.html("/blog/post", "<title>Post</title>");
            PingbackClient client = new PingbackClient(linkback.url("/xmlrpc"));
            for (String path : List.of("/a", "/b")) {
                blogs.html(path, "<title>" + path + "</title><a href=\"" + blogs.url("/blog/post") + "\">x</a>");
                client.ping(blogs.url(path), blogs.url("/blog/post"));
            }
            int port = URI.create(linkback.url("/")).getPort();
            Config root = Config.just(ConfigSources.create(
                    TestLinkback.withDatabase(TestLinkback.yaml(TestLinkback.Settings.forSite(blogs.url("/blog/"))), linkback.database())
                            .replace("port: 0", "port: " + port), MediaTypes.APPLICATION_YAML));

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TransferCommand.Result exported = TransferCommand.export(root, Optional.empty(), true, out);
            assertEquals(0, exported.exitStatus(), exported.lines().toString());
            assertTrue(exported.lines().getFirst().contains("through the running server"), exported.lines().toString());
            assertEquals(3, out.toString(StandardCharsets.UTF_8).lines().count(), "the site and its two backlinks");

            Path json = Files.createTempFile("mentions", ".jf2");
            Files.writeString(json, """
                    {"type": "feed", "children": [{"type": "entry", "author": {"type": "card", "name": "Alice"},
                      "wm-received": "2024-05-01T07:31:02Z", "wm-source": "https://alice.example/notes/1",
                      "wm-target": "%s", "wm-property": "like-of"}]}""".formatted(blogs.url("/blog/post")), StandardCharsets.UTF_8);
            TransferCommand.Result imported = TransferCommand.importFile(root, json.toString(), Optional.of("webmention.io"));
            assertEquals(0, imported.exitStatus(), imported.lines().toString());
            assertTrue(imported.lines().contains("  backlink: 1 read, 1 added, 0 there already (left as they were)"), imported.lines().toString());
            assertTrue(linkback.get("/backlinks.json?target=" + blogs.url("/blog/post")).body().contains("https://alice.example/notes/1"),
                       "the running server shows it at once");
            TransferCommand.Result again = TransferCommand.importFile(root, json.toString(), Optional.of("webmention.io"));
            assertTrue(again.lines().contains("  backlink: 1 read, 0 added, 1 there already (left as they were)"), again.lines().toString());
        }
    }
}
