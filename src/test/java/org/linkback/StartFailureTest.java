package org.linkback;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.linkback.config.LinkbackConfig;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A server that fails to start closes what it had opened: the embedded database is released,
 * so the next start on the same files works.
 */
class StartFailureTest {

    @Test
    void aPortInUseFailsTheStartAndReleasesTheDatabase() throws Exception {
        Path dir = Files.createTempDirectory("linkback-start");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String yaml = TestLinkback.yaml(TestLinkback.Settings.forSite("http://127.0.0.1:1/blog/"))
                    .replace("port: 0", "port: " + taken.getLocalPort());
            Path config = TestLinkback.writeConfig(dir, yaml);

            assertThrows(RuntimeException.class, () -> LinkbackServer.start(LinkbackConfig.load(config)));

            Path again = TestLinkback.writeConfig(dir, TestLinkback.yaml(TestLinkback.Settings.forSite("http://127.0.0.1:1/blog/")));
            try (LinkbackServer server = LinkbackServer.start(LinkbackConfig.load(again))) {
                assertEquals(true, server.port() > 0);
            }
        }
    }
}
