package org.linkback.fetch;

import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Most blogs are https: sources are fetched over TLS with the certificate checked, for its
 * issuer and for the host name. (The test JVM trusts only src/test/resources/tls/trust.p12.)
 */
class HttpsFetchTest {

    private static PageServer blog;
    private static PageServer secureBlogs;
    private static PageServer wrongName;
    private static TestLinkback linkback;
    private static PingbackClient client;

    @BeforeAll
    static void start() {
        blog = new PageServer();
        secureBlogs = PageServer.https("/tls/localhost.p12");
        wrongName = PageServer.https("/tls/other-name.p12");
        blog.html("/blog/post", "<p>our article</p>");
        linkback = TestLinkback.start(TestLinkback.Settings.forSite(blog.url("/blog/")));
        client = new PingbackClient(linkback.url("/xmlrpc"));
    }

    @AfterAll
    static void stop() {
        linkback.close();
        wrongName.close();
        secureBlogs.close();
        blog.close();
    }

    private static String linkingPage(PageServer server, String path) {
        server.html(path, "<title>Secure reply</title><p><a href=\"" + blog.url("/blog/post") + "\">post</a></p>");
        return server.url(path);
    }

    @Test
    void anHttpsSourceWithAValidCertificateIsVerified() throws XmlRpcException {
        String source = linkingPage(secureBlogs, "/secure");
        assertTrue(source.startsWith("https://"));

        assertTrue(client.ping(source, blog.url("/blog/post")).contains("registered"));
        assertTrue(secureBlogs.wasRequested("/secure"));
    }

    @Test
    void aCertificateForAnotherHostIsRefused() {
        String source = linkingPage(wrongName, "/impostor");

        XmlRpcException fault = assertThrows(XmlRpcException.class, () -> client.ping(source, blog.url("/blog/post")));

        assertEquals(16, fault.code);
        assertEquals("could not fetch the source", fault.getMessage(), "fetch results are not reflected to the pinger");
        assertFalse(wrongName.wasRequested("/impostor"), "no request is sent over a connection we do not trust");
    }
}
