package org.linkback;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.linkback.config.LinkbackConfig;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server that fails to start closes what it had opened: the embedded database is released,
 * so the next start on the same files works.
 */
class StartFailureTest {

    @Test
    void anAddressThatCannotBeBoundFailsTheStartAndReleasesTheDatabase() throws Exception {
        Path dir = Files.createTempDirectory("linkback-start");
        // 192.0.2.1 (TEST-NET-1) is no address of this machine: the web server cannot listen there,
        // after the database, the audit log and the queue worker have started.
        String yaml = TestLinkback.yaml(TestLinkback.Settings.forSite("http://127.0.0.1:1/blog/"))
                .replace("host: 127.0.0.1", "host: 192.0.2.1");
        Path config = TestLinkback.writeConfig(dir, yaml);

        assertThrows(RuntimeException.class, () -> LinkbackServer.start(LinkbackConfig.load(config)).close());

        Path again = TestLinkback.writeConfig(dir, TestLinkback.yaml(TestLinkback.Settings.forSite("http://127.0.0.1:1/blog/")));
        try (LinkbackServer server = LinkbackServer.start(LinkbackConfig.load(again))) {
            assertTrue(server.port() > 0, "the same database opens again");
        }
    }
}
