package org.linkback.http;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Behind our own reverse proxy, the client is the one the proxy names; nobody else can name one.
 */
class ClientAddressTest {

    private static final Set<String> PROXIES = Set.of("127.0.0.1", "10.0.0.1");

    @Test
    void theRightMostAddressThatIsNotOurProxyIsTheClient() {
        assertEquals(Optional.of("203.0.113.9"), ClientAddress.forwardedClient(List.of("203.0.113.9"), PROXIES));
        assertEquals(Optional.of("203.0.113.9"), ClientAddress.forwardedClient(List.of("198.51.100.1, 203.0.113.9, 10.0.0.1"), PROXIES));
        assertEquals(Optional.of("203.0.113.9"), ClientAddress.forwardedClient(List.of("198.51.100.1", "203.0.113.9"), PROXIES));
        assertEquals(Optional.of("2001:db8:0:0:0:0:0:1"), ClientAddress.forwardedClient(List.of("2001:db8::1"), PROXIES));
    }

    @Test
    void garbageOrOnlyProxiesNameNobody() {
        assertEquals(Optional.empty(), ClientAddress.forwardedClient(List.of(), PROXIES));
        assertEquals(Optional.empty(), ClientAddress.forwardedClient(List.of("10.0.0.1, 127.0.0.1"), PROXIES));
        assertEquals(Optional.empty(), ClientAddress.forwardedClient(List.of("203.0.113.9, evil.example"), PROXIES));
    }

    private static final String PING = "<?xml version=\"1.0\"?><methodCall><methodName>pingback.ping</methodName><params>"
                                       + "<param><value><string>%s</string></value></param>"
                                       + "<param><value><string>%s</string></value></param></params></methodCall>";

    /** Sends a pingback with an X-Forwarded-For header and returns the client IP the audit log recorded. */
    private static String auditedClient(TestLinkback linkback, PageServer blogs, String path) {
        blogs.html(path, "<a href=\"" + blogs.url("/blog/post") + "\">x</a>");
        linkback.post("/xmlrpc", "text/xml", PING.formatted(blogs.url(path), blogs.url("/blog/post")).getBytes(StandardCharsets.UTF_8),
                      "X-Forwarded-For", "203.0.113.9");
        HttpResponse<String> audit = linkback.get("/admin/api/audit?limit=1", "Authorization", "Bearer " + TestLinkback.Settings.ADMIN_TOKEN);
        assertTrue(audit.body().contains("ping.accepted"), audit.body());
        return audit.body().replaceAll(".*\"clientIp\":\"([^\"]*)\".*", "$1");
    }

    @Test
    void aTrustedProxyNamesTheClient() {
        try (PageServer blogs = new PageServer()) {
            blogs.html("/blog/post", "<p>article</p>");
            String yaml = TestLinkback.yaml(TestLinkback.Settings.forSite(blogs.url("/blog/")))
                    .replace("linkback:\n", "linkback:\n  trusted-proxies: [127.0.0.1]\n");
            try (TestLinkback linkback = TestLinkback.start(yaml)) {
                assertEquals("203.0.113.9", auditedClient(linkback, blogs, "/via-proxy"));
                String agent = blogs.requests().stream().filter(r -> r.path().equals("/via-proxy")).findFirst().orElseThrow()
                        .headers().getFirst("User-Agent");
                assertTrue(agent.contains("verifying pingback from 203.0.113.9"), agent);
            }
        }
    }

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        try (PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(TestLinkback.Settings.forSite(blogs.url("/blog/")))) {
            blogs.html("/blog/post", "<p>article</p>");
            assertEquals("127.0.0.1", auditedClient(linkback, blogs, "/direct"));
        }
    }
}
