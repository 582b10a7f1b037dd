package org.linkback.transfer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.linkback.backlink.Backlink;
import org.linkback.backlink.Backlinks;
import org.linkback.config.LinkbackConfig;
import org.linkback.mf2.Interaction;
import org.linkback.store.Database;
import org.linkback.testing.TestBacklinks;
import org.linkback.testing.TestDatabase;
import org.linkback.testing.TestLinkback;
import org.linkback.testing.WordPress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Moving in: a real WordPress's export file and webmention.io's JSON, imported with
 * {@code linkback import --from wordpress|webmention.io}, idempotently.
 */
class ForeignImportTest {

    @Test
    void aWordPressExportBringsItsPingbacksAndTrackbacksWithTheirStatus() throws Exception {
        try (WordPress wordpress = WordPress.start("Old Blog")) {
            WordPress.Post post = wordpress.publish("Hello again", "<p>Words.</p>", "");
            wordpress.addComment(post, "pingback", "A post that links here", "https://their.example/2025/links",
                                 "[&#8230;] I read <a href=\"" + post.url() + "\">this</a> and [&#8230;]", "1", "2025-03-01 10:00:00");
            wordpress.addComment(post, "trackback", "Trackback Blog", "https://tb.example/post",
                                 "<strong>A tracked post</strong>\n\nIt says things", "1", "2025-03-02 11:00:00");
            wordpress.addComment(post, "pingback", "Cheap pills", "https://spam.example/buy", "[&#8230;] buy [&#8230;]", "spam",
                                 "2025-03-02 12:00:00");
            wordpress.addComment(post, "pingback", "Held for review", "https://held.example/p", "[&#8230;] a link [&#8230;]",
                                 "0", "2025-03-03 12:00:00");
            wordpress.addComment(post, "comment", "A reader", "https://reader.example/", "Nice post!", "1", "2025-03-04 13:00:00");
            Path wxr = Files.createTempFile("wordpress", ".xml");
            Files.writeString(wxr, wordpress.exportWxr(), StandardCharsets.UTF_8);

            Path dir = Files.createTempDirectory("import-wordpress");
            TestDatabase database = TestDatabase.in(dir);
            LinkbackConfig config = config(dir, database, wordpress.url("/"));

            TransferCommand.Result first = TransferCommand.importFile(config, wxr.toString(), Optional.of("wordpress"));
            assertEquals(0, first.exitStatus(), first.lines().toString());
            assertTrue(first.lines().getFirst().contains("3 backlinks read, 3 added, 0 there already"), first.lines().toString());
            TransferCommand.Result again = TransferCommand.importFile(config, wxr.toString(), Optional.of("wordpress"));
            assertTrue(again.lines().getFirst().contains("3 backlinks read, 0 added, 3 there already"), again.lines().toString());

            try (Database db = Database.open(database.config())) {
                Backlinks store = TestBacklinks.on(db);
                Backlink pingback = store.find("https://their.example/2025/links", post.url()).orElseThrow();
                assertEquals("approved", pingback.status().id());
                assertEquals("A post that links here", pingback.title());
                assertTrue(pingback.excerpt().contains("I read this and"), pingback.excerpt());
                assertEquals("2025-03-01T10:00:00Z", pingback.receivedAt().toString());
                Backlink trackback = store.find("https://tb.example/post", post.url()).orElseThrow();
                assertEquals("approved", trackback.status().id());
                assertEquals("A tracked post", trackback.title());
                assertEquals("It says things", trackback.excerpt());
                assertEquals("Trackback Blog", trackback.author());
                assertEquals("trackback", trackback.kind().id());
                // WordPress's exporter leaves spam out of the file (its SQL says comment_approved <> 'spam')
                assertTrue(store.find("https://spam.example/buy", post.url()).isEmpty());
                assertEquals("pending", store.find("https://held.example/p", post.url()).orElseThrow().status().id());
                assertTrue(store.find("https://reader.example/", post.url()).isEmpty(), "a reader's comment is no backlink");
            }
        }
    }

    @Test
    void webmentionIosJsonBringsRepliesAndLikesWithTheirAuthors() throws Exception {
        Path dir = Files.createTempDirectory("import-webmention-io");
        TestDatabase database = TestDatabase.in(dir);
        LinkbackConfig config = config(dir, database, "https://blog.example/");
        Path json = Files.createTempFile("mentions", ".jf2");
        Files.writeString(json, """
                {"type": "feed", "name": "Webmentions", "children": [
                  {"type": "entry", "author": {"type": "card", "name": "Alice", "photo": "https://avatars.webmention.io/alice.jpg",
                     "url": "https://alice.example/"},
                   "url": "https://alice.example/notes/1", "published": "2024-05-01T09:30:00+02:00",
                   "wm-received": "2024-05-01T07:31:02Z", "wm-id": 1001, "wm-source": "https://alice.example/notes/1",
                   "wm-target": "https://blog.example/2024/post", "wm-protocol": "webmention",
                   "content": {"html": "<p>So true! <script>alert(1)</script></p>", "text": "So true!"},
                   "in-reply-to": "https://blog.example/2024/post", "wm-property": "in-reply-to", "wm-private": false},
                  {"type": "entry", "author": {"type": "card", "name": "Bob", "photo": "", "url": ""},
                   "url": "https://bob.example/likes/2", "wm-received": "2024-05-02T10:00:00Z", "wm-id": 1002,
                   "wm-source": "https://bob.example/likes/2", "wm-target": "https://blog.example/2024/post",
                   "like-of": "https://blog.example/2024/post", "wm-property": "like-of", "wm-private": false},
                  {"type": "entry", "author": {"type": "card", "name": "Carol"}, "wm-received": "2024-05-03T10:00:00Z",
                   "wm-source": "https://carol.example/p", "wm-target": "https://blog.example/2024/post",
                   "wm-property": "mention-of", "wm-private": true},
                  {"type": "entry", "wm-received": "2024-05-04T10:00:00Z", "wm-source": "https://dan.example/p",
                   "wm-target": "https://elsewhere.example/post", "wm-property": "mention-of"}
                ]}""", StandardCharsets.UTF_8);

        TransferCommand.Result result = TransferCommand.importFile(config, json.toString(), Optional.of("webmention.io"));

        assertEquals(0, result.exitStatus(), result.lines().toString());
        assertTrue(result.lines().getFirst().contains("2 backlinks read, 2 added, 0 there already (left as they were), 2 passed over"),
                   result.lines().toString());
        try (Database db = Database.open(database.config())) {
            Backlinks store = TestBacklinks.on(db);
            Backlink reply = store.find("https://alice.example/notes/1", "https://blog.example/2024/post").orElseThrow();
            assertEquals(Interaction.Type.REPLY, reply.interaction().type());
            assertEquals(new Interaction.Author("Alice", "https://alice.example/", "https://avatars.webmention.io/alice.jpg"),
                         reply.interaction().author());
            assertEquals("So true!", reply.interaction().contentText());
            assertEquals("<p>So true! </p>", reply.interaction().contentHtml(), "sanitized again: no script");
            assertEquals("2024-05-01T07:30:00Z", reply.interaction().published().toString());
            assertEquals("2024-05-01T07:31:02Z", reply.receivedAt().toString());
            Backlink like = store.find("https://bob.example/likes/2", "https://blog.example/2024/post").orElseThrow();
            assertEquals(Interaction.Type.LIKE, like.interaction().type());
            assertEquals("Bob", like.authorName());
        }
        assertEquals(0, TransferCommand.importFile(config, json.toString(), Optional.of("webmention.io")).exitStatus());
    }

    private static LinkbackConfig config(Path dir, TestDatabase database, String siteBase) throws Exception {
        return LinkbackConfig.from(LinkbackConfig.load(TestLinkback.writeConfig(dir, database,
                                                                                TestLinkback.yaml(TestLinkback.Settings.forSite(siteBase)))));
    }
}
