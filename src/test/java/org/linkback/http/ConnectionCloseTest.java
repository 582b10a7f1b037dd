package org.linkback.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.linkback.testing.ServedBlogTest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that sends {@code Connection: close} reads our answer until the connection closes
 * (WordPress's HTTP library does): we must close it right after the answer.
 */
class ConnectionCloseTest extends ServedBlogTest {

    /** The whole answer, or an AssertionError when the connection stays open for 2 seconds. */
    private static String readUntilClosed(String request) throws IOException {
        URI base = URI.create(linkback.url("/"));
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    answer.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the connection stayed open after the answer: " + answer);
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void anXmlRpcCallWithConnectionCloseEndsWithTheConnectionClosed() throws IOException {
        String body = "<?xml version=\"1.0\"?><methodCall><methodName>system.listMethods</methodName><params/></methodCall>";
        String answer = readUntilClosed("POST /xmlrpc HTTP/1.1\r\nHost: linkback\r\nConnection: Close\r\nContent-Type: text/xml\r\n"
                                        + "Content-Length: " + body.length() + "\r\n\r\n" + body);

        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        assertTrue(answer.contains("pingback.ping"), answer);
    }

    @Test
    void everyKindOfAnswerClosesWhenAsked() throws IOException {
        for (String path : new String[] {"/widget.js", "/observe/health", "/no-such-page", "/webmention/1"}) {
            String answer = readUntilClosed("GET " + path + " HTTP/1.1\r\nHost: linkback\r\nConnection: close\r\n\r\n");
            assertFalse(answer.isEmpty(), path);
        }
        String form = "source=x&target=y";
        String answer = readUntilClosed("POST /webmention HTTP/1.1\r\nHost: linkback\r\nConnection: close\r\n"
                                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length()
                                        + "\r\n\r\n" + form);
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
    }
}
