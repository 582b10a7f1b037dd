package org.linkback.pingback;

import java.net.http.HttpResponse;
import java.util.Arrays;

import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.ServedBlogTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A blog pings one of our articles over XML-RPC: every answer the Pingback 1.0 spec knows.
 */
class PingbackTest extends ServedBlogTest {

    private static PingbackClient client;

    @BeforeAll
    static void start() {
        client = new PingbackClient(linkback.url("/xmlrpc"));
    }

    /** Publishes an article of ours and a page elsewhere linking to it; returns {source, target}. */
    private static String[] linkedPair(String name) {
        String target = blogs.url("/blog/" + name);
        blogs.html("/blog/" + name, "<html><head><title>Our article " + name + "</title></head><body>hi</body></html>");
        blogs.html("/other/" + name, """
                <html><head><title>They wrote about us | Their Blog</title></head>
                <body><p>Some words before the link, and <a href="%s">this article</a> which we liked.</p></body></html>
                """.formatted(target));
        return new String[] {blogs.url("/other/" + name), target};
    }

    @Test
    void aVerifiedPingIsRegisteredAndShowsInTheArticlesFeed() throws XmlRpcException {
        String[] pair = linkedPair("registered");

        String answer = client.ping(pair[0], pair[1]);

        assertTrue(answer.contains("registered"), answer);
        HttpResponse<String> feed = linkback.get("/backlinks.json?target=" + pair[1]);
        assertEquals(200, feed.statusCode());
        assertTrue(feed.body().contains("\"url\" : \"" + pair[0] + "\""), feed.body());
        assertTrue(feed.body().contains("They wrote about us"), feed.body());
        assertTrue(feed.body().contains("Their Blog"), feed.body());
    }

    @Test
    void theFetchOfTheSourceNamesLinkbackAndThePinger() throws XmlRpcException {
        String[] pair = linkedPair("agent");

        client.ping(pair[0], pair[1]);

        PageServer.Received fetch = blogs.requests().stream()
                .filter(r -> r.path().equals("/other/agent"))
                .findFirst()
                .orElseThrow();
        String agent = fetch.headers().getFirst("User-Agent");
        assertTrue(agent.startsWith("linkback/"), agent);
        assertTrue(agent.contains("http://linkback.test"), agent);
        assertTrue(agent.contains("verifying pingback from 127.0.0.1"), agent);
        assertEquals("127.0.0.1", fetch.headers().getFirst("X-Pingback-Forwarded-For"));
    }

    @Test
    void sourceEqualToTargetIsAGenericFault() {
        String[] pair = linkedPair("self");
        assertEquals(0, client.faultOf(pair[1] + "#comments", pair[1]));
    }

    @Test
    void aMissingSourceIsFault16() {
        String[] pair = linkedPair("nosource");
        assertEquals(16, client.faultOf(blogs.url("/other/does-not-exist"), pair[1]));
        blogs.status("/other/gone", 410);
        assertEquals(16, client.faultOf(blogs.url("/other/gone"), pair[1]));
        assertEquals(16, client.faultOf("not a url", pair[1]));
        assertEquals(16, client.faultOf("ftp://example.com/file", pair[1]));
    }

    @Test
    void aSourceWithoutTheLinkIsFault17() {
        String[] pair = linkedPair("nolink");
        blogs.html("/other/unrelated", "<p>Nothing to see, just <a href=\"" + blogs.url("/blog/elsewhere") + "\">another</a>.</p>");
        assertEquals(17, client.faultOf(blogs.url("/other/unrelated"), pair[1]));
    }

    @Test
    void aLinkOnlyInTextOrAnAttributeIsNotALink() {
        String target = linkedPair("textonly")[1];
        blogs.html("/other/textonly", "<p>See " + target + "</p><img src=\"" + target + "\">");
        assertEquals(17, client.faultOf(blogs.url("/other/textonly"), target));
    }

    @Test
    void aMissingTargetIsFault32() {
        blogs.html("/other/missing", "<a href=\"" + blogs.url("/blog/missing") + "\">x</a>");
        assertEquals(32, client.faultOf(blogs.url("/other/missing"), blogs.url("/blog/missing")));
    }

    @Test
    void aTargetOutsideOurSitesIsFault33() {
        String[] pair = linkedPair("outside");
        assertEquals(33, client.faultOf(pair[0], blogs.url("/not-blog/post")));
        assertEquals(33, client.faultOf(pair[0], "http://elsewhere.example/blog/post"));
        assertEquals(33, client.faultOf(pair[0], "javascript:alert(1)"));
    }

    @Test
    void aSecondPingForTheSameLinkIsFault48() throws XmlRpcException {
        String[] pair = linkedPair("twice");
        client.ping(pair[0], pair[1]);
        assertEquals(48, client.faultOf(pair[0], pair[1]));
        // Another spelling of the same URLs is the same link.
        assertEquals(48, client.faultOf(pair[0].replace("http://", "HTTP://"), pair[1] + "#respond"));
    }

    @Test
    void anUpstreamServerErrorIsFault50() {
        String[] pair = linkedPair("upstream");
        blogs.status("/other/broken", 503);
        assertEquals(50, client.faultOf(blogs.url("/other/broken"), pair[1]));
        blogs.status("/blog/broken-target", 500);
        assertEquals(50, client.faultOf(pair[0], blogs.url("/blog/broken-target")));
    }

    @Test
    void anEntityEncodedLinkMatchesTheDecodedTarget() throws XmlRpcException {
        String target = blogs.url("/blog/?p=1&x=2");
        blogs.html("/blog/", "<p>home</p>");
        blogs.html("/other/entity", "<p><a href=\"" + blogs.url("/blog/?p=1&amp;x=2") + "\">post</a></p>");
        assertTrue(client.ping(blogs.url("/other/entity"), target).contains("registered"));
    }

    @Test
    void aRedirectedSourceIsFollowedAndItsRelativeLinksResolveAgainstTheFinalPage() throws XmlRpcException {
        String target = linkedPair("redirected")[1];
        blogs.redirect("/old/source", blogs.url("/new/source/page"));
        blogs.html("/new/source/page", "<p><a href=\"../../blog/redirected#comments\">relative link</a></p>");
        assertTrue(client.ping(blogs.url("/old/source"), target).contains("registered"));
    }

    @Test
    void tooManyRedirectsIsFault16() {
        String target = linkedPair("loop")[1];
        blogs.redirect("/loop/a", blogs.url("/loop/b"));
        blogs.redirect("/loop/b", blogs.url("/loop/a"));
        assertEquals(16, client.faultOf(blogs.url("/loop/a"), target));
    }

    @Test
    void getPingbacksListsTheApprovedSourcesOfAnArticle() throws XmlRpcException {
        String[] pair = linkedPair("listed");
        client.ping(pair[0], pair[1]);

        Object[] sources = (Object[]) client.call("pingback.extensions.getPingbacks", pair[1]);

        assertArrayEquals(new Object[] {pair[0]}, sources);
        XmlRpcException outside = assertThrows(XmlRpcException.class,
                                               () -> client.call("pingback.extensions.getPingbacks", "http://elsewhere.example/"));
        assertEquals(33, outside.code);
    }

    @Test
    void listMethodsNamesWhatWeAnswerAndMulticallIsNotAmongThem() throws XmlRpcException {
        Object[] methods = (Object[]) client.call("system.listMethods");
        assertEquals("[pingback.extensions.getPingbacks, pingback.ping, system.listMethods]", Arrays.toString(methods));

        XmlRpcException multicall = assertThrows(XmlRpcException.class, () -> client.call("system.multicall", (Object) new Object[0]));
        assertEquals(PingbackFaults.METHOD_NOT_FOUND, multicall.code);
    }

    @Test
    void wrongParametersAreAFaultNotACrash() {
        XmlRpcException missing = assertThrows(XmlRpcException.class, () -> client.call("pingback.ping", "http://a.example/"));
        assertEquals(PingbackFaults.INVALID_PARAMS, missing.code);
        XmlRpcException wrongType = assertThrows(XmlRpcException.class, () -> client.call("pingback.ping", 1, 2));
        assertEquals(PingbackFaults.INVALID_PARAMS, wrongType.code);
    }
}
