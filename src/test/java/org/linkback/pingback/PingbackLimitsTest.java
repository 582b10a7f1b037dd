package org.linkback.pingback;

import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Limits that protect us from pingers and from the pages they point us at.
 */
class PingbackLimitsTest {

    private PageServer blogs;
    private TestLinkback linkback;

    @BeforeEach
    void startBlogs() {
        blogs = new PageServer();
        blogs.html("/blog/post", "<p>our article</p>");
    }

    @AfterEach
    void stop() {
        if (linkback != null) {
            linkback.close();
        }
        blogs.close();
    }

    private PingbackClient start(TestLinkback.Settings settings) {
        linkback = TestLinkback.start(settings);
        return new PingbackClient(linkback.url("/xmlrpc"));
    }

    private String linkingPage(String path, String padding) {
        blogs.html(path, "<html><body>" + padding + "<p><a href=\"" + blogs.url("/blog/post") + "\">post</a></p></body></html>");
        return blogs.url(path);
    }

    @Test
    void tooManyPingsFromOneAddressIsFault49() throws XmlRpcException {
        PingbackClient client = start(TestLinkback.Settings.forSite(blogs.url("/blog/")).pingsPerMinute(2));
        client.ping(linkingPage("/a", ""), blogs.url("/blog/post"));
        client.ping(linkingPage("/b", ""), blogs.url("/blog/post"));

        assertEquals(49, client.faultOf(linkingPage("/c", ""), blogs.url("/blog/post")));
        assertTrue(!blogs.wasRequested("/c"), "a refused ping costs no fetch");
        String audit = linkback.get("/admin/api/audit?action=ping.refused", "Authorization",
                                    "Bearer " + TestLinkback.Settings.ADMIN_TOKEN).body();
        assertTrue(audit.contains("ACCESS_DENIED") && audit.contains(blogs.url("/c")), audit);
    }

    @Test
    void aSourceSlowerThanTheReadTimeoutIsFault50() {
        PingbackClient client = start(TestLinkback.Settings.forSite(blogs.url("/blog/")).readTimeoutMs(300));
        String html = "<a href=\"" + blogs.url("/blog/post") + "\">post</a>";
        blogs.page("/slow", new PageServer.Page(200, "text/html", html.getBytes(), 1500, null));

        assertEquals(50, client.faultOf(blogs.url("/slow"), blogs.url("/blog/post")));
    }

    @Test
    void onlyMaxBytesOfTheSourceAreRead() throws XmlRpcException {
        PingbackClient client = start(TestLinkback.Settings.forSite(blogs.url("/blog/")).maxBytes(20_000));
        String filler = "<p>" + "words ".repeat(5_000) + "</p>";

        assertEquals(17, client.faultOf(linkingPage("/huge", filler), blogs.url("/blog/post")));
        assertTrue(client.ping(linkingPage("/small", "<p>short</p>"), blogs.url("/blog/post")).contains("registered"));
    }
}
