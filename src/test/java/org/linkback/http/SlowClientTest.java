package org.linkback.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that sends a request line and then half its headers (slow-loris) is cut off at the
 * header deadline, and the server keeps answering everyone else meanwhile.
 */
class SlowClientTest {

    private static TestLinkback linkback;

    @BeforeAll
    static void start() {
        linkback = TestLinkback.start(TestLinkback.yaml(TestLinkback.Settings.forSite("http://127.0.0.1:1/blog/"))
                                              .replace("  limits:\n", "  limits:\n    header-timeout-ms: 1000\n"));
    }

    @AfterAll
    static void stop() {
        linkback.close();
    }

    @Test
    void aConnectionWithHalfItsHeadersIsClosedAtTheDeadline() throws IOException {
        URI base = URI.create(linkback.url("/"));
        try (Socket slow = new Socket(base.getHost(), base.getPort())) {
            slow.getOutputStream().write("GET /widget.js HTTP/1.1\r\nHost: linkback\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1));
            slow.getOutputStream().flush();
            slow.setSoTimeout(10_000);

            assertEquals(200, linkback.get("/observe/health").statusCode(), "others are served meanwhile");
            InputStream in = slow.getInputStream();
            int read;
            try {
                read = in.read();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the half-sent request was still open after 10 s");
            } catch (IOException e) {
                read = -1; // reset: closed as well
            }
            assertTrue(read == -1, "the server closed the connection");
        }
    }
}
