package org.linkback.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP server on 127.0.0.1 that writes its answers byte by byte, as the test says: the
 * shapes a ready-made server never sends (bodies ended by closing the connection, HTTP/1.0,
 * bodies shorter than their Content-Length, a reset in the middle).
 */
public final class RawHttpServer implements AutoCloseable {

    /** Writes one whole answer to the socket; the server closes the socket afterwards. */
    @FunctionalInterface
    public interface Answer {
        void write(Socket socket, OutputStream out) throws IOException;
    }

    /** A request received: its head lines, its body (ISO-8859-1, so bytes survive), when it came. */
    public record Received(List<String> head, String body, long nanoTime) {

        public String path() {
            return head.getFirst().split(" ")[1];
        }

        public String method() {
            return head.getFirst().split(" ")[0];
        }

        /** A form field of a form body, decoded as UTF-8. */
        public String formField(String name) {
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                    return java.net.URLDecoder.decode(new String(pair.substring(eq + 1).getBytes(StandardCharsets.ISO_8859_1),
                                                                 StandardCharsets.UTF_8), StandardCharsets.UTF_8);
                }
            }
            return null;
        }
    }

    private final ServerSocket server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<List<String>> requests = new CopyOnWriteArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public RawHttpServer() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread.ofVirtual().name("raw-http").start(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    public RawHttpServer answer(String path, Answer answer) {
        answers.put(path, answer);
        return this;
    }

    /** Request heads received so far, each as its lines. */
    public List<List<String>> requests() {
        return requests;
    }

    /** Requests received so far for one path (query ignored), with their bodies. */
    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().split("\\?")[0].equals(path)).toList();
    }

    /** An answer with this status line, headers and body, ended by a Content-Length. */
    public static Answer answering(String statusLine, String contentType, String body, String... headers) {
        return (socket, out) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String[] all = new String[headers.length + 2];
            System.arraycopy(headers, 0, all, 0, headers.length);
            all[headers.length] = "Content-Type: " + contentType;
            all[headers.length + 1] = "Content-Length: " + bytes.length;
            out.write(head(statusLine, all));
            out.write(bytes);
        };
    }

    /** Head bytes: a status line and header lines, then the empty line. */
    public static byte[] head(String statusLine, String... headers) {
        StringBuilder text = new StringBuilder(statusLine).append("\r\n");
        for (String header : headers) {
            text.append(header).append("\r\n");
        }
        return text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            List<String> head = new java.util.ArrayList<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.add(line);
            }
            if (head.isEmpty()) {
                return;
            }
            requests.add(head);
            int length = head.stream().filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
                    .map(line -> Integer.parseInt(line.substring(15).strip())).findFirst().orElse(0);
            char[] body = new char[length];
            for (int read = 0; read < length; ) {
                int n = in.read(body, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            received.add(new Received(head, new String(body), System.nanoTime()));
            String path = head.getFirst().split(" ")[1];
            String bare = path.split("\\?")[0];
            Answer answer = answers.getOrDefault(path, answers.getOrDefault(bare,
                    (s, out) -> out.write(head("HTTP/1.1 404 Not Found", "Content-Length: 0"))));
            OutputStream out = socket.getOutputStream();
            answer.write(socket, out);
            out.flush();
        } catch (IOException e) {
            // the client went away: fine for a test server
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
