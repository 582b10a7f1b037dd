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

    private final ServerSocket server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<List<String>> requests = new CopyOnWriteArrayList<>();

    public RawHttpServer() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread.ofVirtual().name("raw-http").start(this::accept);
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
            String path = head.getFirst().split(" ")[1];
            Answer answer = answers.getOrDefault(path, (s, out) -> out.write(head("HTTP/1.1 404 Not Found", "Content-Length: 0")));
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
