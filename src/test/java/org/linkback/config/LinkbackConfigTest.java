package org.linkback.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading conf/linkback.yaml: the contract's keys and defaults, and overrides.
 */
class LinkbackConfigTest {

    private static LinkbackConfig load(String yaml) throws Exception {
        Path file = Files.createTempFile("linkback", ".yaml");
        Files.writeString(file, yaml);
        return LinkbackConfig.from(LinkbackConfig.load(file));
    }

    @Test
    void theShippedConfigurationHasTheContractsDefaults() throws Exception {
        LinkbackConfig config = LinkbackConfig.from(LinkbackConfig.load(Path.of("conf/linkback.yaml")));
        assertEquals(URI.create("http://localhost:8080"), config.publicUrl());
        assertEquals("jdbc:hsqldb:file:data/linkback", config.database().url());
        assertEquals(Duration.ofMillis(3000), config.fetch().connectTimeout());
        assertEquals(Duration.ofMillis(5000), config.fetch().readTimeout());
        assertEquals(1_048_576, config.fetch().maxBytes());
        assertEquals(5, config.fetch().maxRedirects());
        assertFalse(config.fetch().allowPrivateAddresses());
        assertEquals(LinkbackConfig.ModerationDefault.APPROVE, config.moderation().defaultAction());
        assertEquals("", config.adminToken());
        assertEquals(1, config.sites().all().size());
    }

    @Test
    void missingKeysTakeTheDefaults() throws Exception {
        LinkbackConfig config = load("linkback:\n  sites:\n    - name: a\n      base-url: HTTPS://Blog.Example/\n");
        assertEquals(URI.create("http://localhost:8080"), config.publicUrl());
        assertEquals(0.7, config.moderation().spamThreshold());
        assertEquals(300, config.limits().pingsPerMinutePerIp());
        assertEquals(URI.create("https://blog.example/"), config.sites().byName("a").orElseThrow().baseUrl());
        assertEquals("a", config.sites().byName("a").orElseThrow().title());
        assertNull(config.sites().byName("a").orElseThrow().moderation());
    }

    @Test
    void theLongestBasePathWinsAndSitesMayHoldForReview() throws Exception {
        LinkbackConfig config = load("""
                linkback:
                  public-url: https://linkback.example/
                  sites:
                    - name: all
                      base-url: https://blog.example/
                    - name: careful
                      base-url: https://blog.example/careful/
                      moderation: hold
                """);
        assertEquals(URI.create("https://linkback.example"), config.publicUrl(), "no trailing slash");
        assertEquals("careful", config.sites().siteOf(URI.create("https://blog.example/careful/post")).orElseThrow().name());
        assertEquals("all", config.sites().siteOf(URI.create("https://blog.example/other")).orElseThrow().name());
        assertTrue(config.sites().siteOf(URI.create("https://blog.example:8443/other")).isEmpty(), "another origin");
        assertEquals(LinkbackConfig.ModerationDefault.HOLD, config.sites().byName("careful").orElseThrow().moderation());
    }

    @Test
    void systemPropertiesOverrideTheFile() throws Exception {
        System.setProperty("linkback.fetch.max-redirects", "2");
        try {
            assertEquals(2, load("linkback:\n  fetch:\n    max-redirects: 9\n").fetch().maxRedirects());
        } finally {
            System.clearProperty("linkback.fetch.max-redirects");
        }
    }

    @Test
    void trustedSendersAreIpsNetworksAndHosts() {
        TrustedSenders trusted = TrustedSenders.parse(java.util.List.of("192.0.2.7", "198.51.100.0/24", "2001:db8::/32",
                                                                         "Brid.gy.", "*.wordpress.example"));
        assertTrue(trusted.trusts("192.0.2.7", "any.example"));
        assertFalse(trusted.trusts("192.0.2.8", "any.example"));
        assertTrue(trusted.trusts("198.51.100.200", "any.example"));
        assertFalse(trusted.trusts("198.51.101.1", "any.example"));
        assertTrue(trusted.trusts("2001:db8::1", "any.example"));
        assertTrue(trusted.trusts("203.0.113.1", "brid.gy"));
        assertTrue(trusted.trusts("203.0.113.1", "wordpress.example"));
        assertTrue(trusted.trusts("203.0.113.1", "someone.wordpress.example"));
        assertFalse(trusted.trusts("203.0.113.1", "notwordpress.example"));
        assertFalse(TrustedSenders.NONE.trusts("192.0.2.7", "brid.gy"));
    }

    @Test
    void aTrustedSenderThatIsNoAddressIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> TrustedSenders.parse(java.util.List.of("300.1.2.3/8")));
        assertThrows(IllegalArgumentException.class, () -> TrustedSenders.parse(java.util.List.of("192.0.2.0/33")));
    }

    @Test
    void anAdminTokenShorterThan32CharactersIsRefusedSayingWhy() throws Exception {
        String sites = "linkback:\n  sites:\n    - name: a\n      base-url: https://blog.example/\n";
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                                                        () -> load(sites + "  admin:\n    token: short-token\n"));
        assertTrue(refused.getMessage().contains("at least 32"), refused.getMessage());
        assertEquals("", load(sites + "  admin:\n    token: \"\"\n").adminToken(), "none turns the admin off");
        assertEquals(32, load(sites + "  admin:\n    token: " + "x".repeat(32) + "\n").adminToken().length());
    }
}
