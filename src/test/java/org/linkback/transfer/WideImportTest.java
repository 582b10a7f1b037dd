package org.linkback.transfer;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An import through the running server is cut into requests by their size in bytes, not in
 * characters: text of three bytes a character (Korean) fits, and a line too large for any
 * request is reported and left out while the rest goes in.
 */
class WideImportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void threeHundredBacklinksInKoreanAreImportedWholeAndASecondRunChangesNothing() throws Exception {
        try (PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(TestLinkback.Settings.forSite(blogs.url("/blog/")))) {
            String target = blogs.url("/blog/post");
            blogs.html("/blog/post", "<title>Post</title>");
            blogs.html("/a", "<title>A</title><a href=\"" + target + "\">x</a>");
            new PingbackClient(linkback.url("/xmlrpc")).ping(blogs.url("/a"), target);
            Config root = Config.just(ConfigSources.create(
                    TestLinkback.withDatabase(TestLinkback.yaml(TestLinkback.Settings.forSite(blogs.url("/blog/"))), linkback.database())
                            .replace("port: 0", "port: " + URI.create(linkback.url("/")).getPort()), MediaTypes.APPLICATION_YAML));
            ByteArrayOutputStream exported = new ByteArrayOutputStream();
            assertEquals(0, TransferCommand.export(root, Optional.empty(), false, exported).exitStatus());
            ObjectNode real = (ObjectNode) JSON.readTree(exported.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow());
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                ObjectNode line = real.deepCopy();
                line.put("source", "https://blog.example.kr/" + i);
                line.putNull("statusToken");
                line.put("title", "한국어 제목 ".repeat(41) + i);       // about 250 characters, 3 bytes each
                line.put("excerpt", "링크백에 대한 긴 글입니다. ".repeat(62)); // about 1,000 characters
                lines.add(line.toString());
            }
            lines.add("{\"type\": \"backlink\", \"title\": \"" + "가".repeat(200_000) + "\"}"); // 600 KB: more than a request may carry
            lines.add("{\"type\": \"backlink\", \"x\": " + "[".repeat(2_000) + "]".repeat(2_000) + "}"); // nested too deep to read
            Path file = Files.createTempFile("korean", ".jsonl");
            Files.writeString(file, String.join("\n", lines), StandardCharsets.UTF_8);
            assertTrue(Files.size(file) > 1_048_576, "more than one request may carry");

            TransferCommand.Result first = TransferCommand.importFile(root, file.toString(), Optional.empty());

            String report = String.join("\n", first.lines());
            assertTrue(report.contains("  backlink: 300 read, 300 added"), report);
            assertTrue(report.contains("line 301: longer than"), "the one line too large is reported: " + report);
            assertTrue(report.contains("line 1: ") && report.contains("nesting depth"), "a line nested too deep says so: " + report);
            TransferCommand.Result second = TransferCommand.importFile(root, file.toString(), Optional.empty());
            assertTrue(String.join("\n", second.lines()).contains("  backlink: 300 read, 0 added, 300 there already"),
                       second.lines().toString());
        }
    }

    @Test
    void aWordPressExportWithATwoMegabyteFieldIsImportedWhole() throws Exception {
        try (PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(TestLinkback.Settings.forSite(blogs.url("/blog/")))) {
            Config root = Config.just(ConfigSources.create(
                    TestLinkback.withDatabase(TestLinkback.yaml(TestLinkback.Settings.forSite(blogs.url("/blog/"))), linkback.database())
                            .replace("port: 0", "port: " + URI.create(linkback.url("/")).getPort()), MediaTypes.APPLICATION_YAML));
            StringBuilder comments = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                String content = i == 1 ? "[&#8230;] " + "긴 인용문 ".repeat(420_000) + " [&#8230;]" : "[&#8230;] a link [&#8230;]"; // 2 MB of text
                comments.append("<wp:comment><wp:comment_author>Post ").append(i).append("</wp:comment_author>")
                        .append("<wp:comment_author_url>https://their.example/").append(i).append("</wp:comment_author_url>")
                        .append("<wp:comment_date_gmt>2025-03-01 10:00:0").append(i).append("</wp:comment_date_gmt>")
                        .append("<wp:comment_content><![CDATA[").append(content).append("]]></wp:comment_content>")
                        .append("<wp:comment_approved>1</wp:comment_approved><wp:comment_type>pingback</wp:comment_type></wp:comment>");
            }
            Path wxr = Files.createTempFile("wordpress", ".xml");
            Files.writeString(wxr, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\" xmlns:wp=\"http://wordpress.org/export/1.2/\">"
                                   + "<channel><item><link>" + blogs.url("/blog/post") + "</link>" + comments + "</item></channel></rss>",
                               StandardCharsets.UTF_8);
            assertTrue(Files.size(wxr) > 2_000_000);

            TransferCommand.Result imported = TransferCommand.importFile(root, wxr.toString(), Optional.of("wordpress"));

            assertEquals(0, imported.exitStatus(), imported.lines().toString());
            assertTrue(String.join("\n", imported.lines()).contains("  backlink: 3 read, 3 added"), imported.lines().toString());
            TransferCommand.Result again = TransferCommand.importFile(root, wxr.toString(), Optional.of("wordpress"));
            assertTrue(String.join("\n", again.lines()).contains("  backlink: 3 read, 0 added, 3 there already"), again.lines().toString());
        }
    }
}
