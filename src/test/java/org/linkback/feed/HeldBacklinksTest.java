package org.linkback.feed;

import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code moderation.default: hold} a verified ping is stored but stays out of public view.
 */
class HeldBacklinksTest {

    @Test
    void aHeldBacklinkIsAcceptedButNotPublished() throws XmlRpcException {
        try (PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(TestLinkback.Settings.forSite(blogs.url("/blog/")).moderation("hold"))) {
            String target = blogs.url("/blog/post");
            blogs.html("/blog/post", "<p>article</p>");
            blogs.html("/source", "<a href=\"" + target + "\">x</a>");
            PingbackClient client = new PingbackClient(linkback.url("/xmlrpc"));

            assertTrue(client.ping(blogs.url("/source"), target).contains("registered"));

            assertFalse(linkback.get("/backlinks.json?target=" + target).body().contains(blogs.url("/source")));
            assertEquals(0, ((Object[]) client.call("pingback.extensions.getPingbacks", target)).length);
            assertEquals(48, client.faultOf(blogs.url("/source"), target));
        }
    }
}
