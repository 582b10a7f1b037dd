package org.linkback.fetch;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.linkback.config.LinkbackConfig;
import org.linkback.testing.PageServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A blocked address is checked on the address a fetch actually connects to: a host name that
 * resolves to it (here "localhost") is refused as well, and no request is made.
 */
class BlockedAddressTest {

    @Test
    void aNameResolvingToABlockedAddressIsNotConnected() throws Exception {
        try (PageServer server = new PageServer()) {
            server.html("/page", "<p>hello</p>");
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            SafeFetcher fetcher = new SafeFetcher(new LinkbackConfig.Fetch(Duration.ofSeconds(2), Duration.ofSeconds(2), 65_536, 3, true),
                                                  URI.create("http://linkback.test"), origin -> false,
                                                  address -> address.equals(loopback) || address.isLoopbackAddress());

            FetchException refused = assertThrows(FetchException.class, () -> fetcher.fetch(new SafeFetcher.Request(
                    URI.create("http://localhost:" + server.port() + "/page"), "test", null, "text/html", false)));

            assertEquals(FetchException.Failure.BLOCKED, refused.failure());
            assertFalse(server.wasRequested("/page"));
            fetcher.close();
        }
    }
}
