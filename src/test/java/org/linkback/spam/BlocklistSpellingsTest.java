package org.linkback.spam;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A block holds for every spelling of the blocked host: each of these got a backlink
 * registered before (the address spellings reached the blocked server, "vm." passed the check).
 */
class BlocklistSpellingsTest {

    private static PageServer blog;
    private static PageServer blocked;
    private static TestLinkback linkback;
    private static PingbackClient client;

    @BeforeAll
    static void start() {
        blog = new PageServer();
        blocked = PageServer.on("127.0.0.3");
        blog.html("/blog/post", "<html><head><title>Our post</title></head><body>post</body></html>");
        blocked.html("/spam", "<html><body><a href=\"" + blog.url("/blog/post") + "\">link</a></body></html>");
        linkback = TestLinkback.start(TestLinkback.Settings.forSite(blog.url("/blog/")));
        client = new PingbackClient(linkback.url("/xmlrpc"));
        for (String pattern : List.of("127.0.0.3", "VM.", "Bücher.example")) {
            linkback.post("/admin/api/blocklist", "application/json",
                          ("{\"pattern\":\"" + pattern + "\"}").getBytes(StandardCharsets.UTF_8),
                          "Authorization", "Bearer " + TestLinkback.Settings.ADMIN_TOKEN);
        }
    }

    @AfterAll
    static void stop() {
        linkback.close();
        blocked.close();
        blog.close();
    }

    @Test
    void everySpellingOfABlockedAddressIsRefusedWithoutAFetch() {
        int port = blocked.port();
        for (String host : List.of("127.0.0.3", "2130706435", "[::ffff:127.0.0.3]", "[::ffff:7f00:3]", "127.000.000.003",
                                   "0127.0.0.3")) { // 0127 is octal 87 to a URL parser but 127 to Java's: the connected address decides
            assertEquals(49, client.faultOf("http://" + host + ":" + port + "/spam", blog.url("/blog/post")), host);
        }
        // java.net.URI takes neither a hex label nor a short dotted number as a host: no usable URL (16), never fetched either
        assertEquals(16, client.faultOf("http://0x7f.0.0.3:" + port + "/spam", blog.url("/blog/post")));
        assertEquals(16, client.faultOf("http://127.3:" + port + "/spam", blog.url("/blog/post")));
        assertFalse(blocked.wasRequested("/spam"), "the blocked server was never asked");
    }

    @Test
    void namesAreBlockedWithATrailingDotInAnyCaseAndAsPunycode() {
        for (String source : List.of("http://vm./post", "http://VM/post", "http://vm/post", "http://xn--bcher-kva.example/post",
                                     "http://XN--BCHER-KVA.example./post")) {
            assertEquals(49, client.faultOf(source, blog.url("/blog/post")), source);
        }
    }

    @Test
    void theBlocklistShowsTheCanonicalSpellings() {
        String list = linkback.get("/admin/api/blocklist", "Authorization", "Bearer " + TestLinkback.Settings.ADMIN_TOKEN).body();
        assertTrue(list.contains("\"127.0.0.3\"") && list.contains("\"vm\"") && list.contains("\"xn--bcher-kva.example\""), list);
    }
}
