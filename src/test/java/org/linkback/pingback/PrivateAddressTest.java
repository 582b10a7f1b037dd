package org.linkback.pingback;

import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code allow-private-addresses: false} a ping cannot make us fetch loopback or private
 * addresses, whatever spelling the URL uses; only our own site's origin is trusted, for the target check.
 */
class PrivateAddressTest {

    private static PageServer ourBlog;
    private static PageServer internal;
    private static TestLinkback linkback;
    private static PingbackClient client;

    @BeforeAll
    static void start() {
        ourBlog = new PageServer();
        internal = new PageServer();
        ourBlog.html("/blog/post", "<p>our article</p>");
        linkback = TestLinkback.start(TestLinkback.Settings.forSite(ourBlog.url("/blog/")).allowPrivate(false));
        client = new PingbackClient(linkback.url("/xmlrpc"));
    }

    @AfterAll
    static void stop() {
        linkback.close();
        ourBlog.close();
        internal.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "localhost", "[::1]", "2130706433", "0x7f000001", "127.1", "0.0.0.0",
                            "[::ffff:127.0.0.1]"})
    void aSourceOnALoopbackAddressIsNeverFetched(String host) {
        String path = "/secret-" + Integer.toHexString(host.hashCode());
        internal.html(path, "<a href=\"" + ourBlog.url("/blog/post") + "\">post</a>");
        String source = "http://" + host + ":" + internal.port() + path;

        XmlRpcException fault = assertThrows(XmlRpcException.class, () -> client.ping(source, ourBlog.url("/blog/post")));

        assertEquals(16, fault.code, fault.getMessage());
        assertFalse(internal.wasRequested(path), "linkback fetched " + source);
    }

    @Test
    void theTargetOnOurOwnSiteIsCheckedEvenOnAPrivateAddress() {
        // The refusal is about the source (16), so the target check on the trusted site passed.
        internal.html("/linking", "<a href=\"" + ourBlog.url("/blog/post") + "\">post</a>");
        assertEquals(16, client.faultOf(internal.url("/linking"), ourBlog.url("/blog/post")));
        assertTrue(ourBlog.wasRequested("/blog/post"));
    }

    @Test
    void aRedirectFromOurSiteToAnotherPrivateOriginIsRefused() {
        ourBlog.redirect("/blog/moved", internal.url("/internal-admin"));
        internal.html("/internal-admin", "<p>secret</p>");

        assertEquals(32, client.faultOf("http://public.example/page", ourBlog.url("/blog/moved")));
        assertFalse(internal.wasRequested("/internal-admin"));
    }

    @org.junit.jupiter.api.Test
    void aFaultSaysNothingAboutOtherNetworks() {
        // A private address and a name that does not resolve must look the same to the pinger.
        org.apache.xmlrpc.XmlRpcException privateAddress = org.junit.jupiter.api.Assertions.assertThrows(
                org.apache.xmlrpc.XmlRpcException.class, () -> client.ping("http://10.0.0.1/secret", ourBlog.url("/blog/post")));
        org.apache.xmlrpc.XmlRpcException unknown = org.junit.jupiter.api.Assertions.assertThrows(
                org.apache.xmlrpc.XmlRpcException.class, () -> client.ping("http://no-such-host.invalid/x", ourBlog.url("/blog/post")));

        org.junit.jupiter.api.Assertions.assertEquals(privateAddress.getMessage(), unknown.getMessage());
        org.junit.jupiter.api.Assertions.assertEquals("could not fetch the source", unknown.getMessage());
        String audit = linkback.get("/admin/api/audit?action=ping.refused", "Authorization",
                                    "Bearer " + TestLinkback.Settings.ADMIN_TOKEN).body();
        org.junit.jupiter.api.Assertions.assertTrue(audit.contains("non-public"), "the admin still sees why: " + audit);
    }
}
