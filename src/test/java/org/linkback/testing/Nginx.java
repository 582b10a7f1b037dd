package org.linkback.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx on loopback addresses only, from a configuration of its own in a temporary
 * folder: the reference a benchmark compares linkback with ({@link #serve}), or the load
 * balancer of docs/nginx-linkback.conf ({@link #balancing}).
 */
public final class Nginx implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/nginx");

    private final Process process;
    private final Path dir;
    /** The port it listens on (every address). */
    public final int port;

    private Nginx(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /**
     * Serves {@code root} on each of {@code addresses} (loopback ones). With {@code rewriteTo},
     * every path is answered with that one file (many distinct source URLs, one page).
     */
    public static Nginx serve(Path root, List<String> addresses, String rewriteTo) throws IOException, InterruptedException {
        readableByWorkers(root);
        int port = freePort();
        StringBuilder listen = new StringBuilder();
        for (String address : addresses) {
            listen.append("    listen ").append(address).append(':').append(port).append(" backlog=4096;\n");
        }
        return start(port, """
                  sendfile on;
                  gzip_static on;
                  tcp_nopush on;
                  keepalive_requests 1000000;
                  types { application/json json; text/html html; }
                  server {
                %s    root %s;
                    %s
                  }
                """.formatted(listen, root, rewriteTo == null ? "" : "location / { rewrite ^ /" + rewriteTo + " break; }"));
    }

    /**
     * The load balancer of docs/nginx-linkback.conf, the sample the deployment guide gives, with
     * its two upstream addresses replaced by these loopback ports.
     */
    public static Nginx balancing(int first, int second) throws IOException, InterruptedException {
        int port = freePort();
        String conf = Files.readString(Path.of("docs/nginx-linkback.conf"));
        conf = replaceOnce(conf, "server 10.0.0.11:8080", "server 127.0.0.1:" + first);
        conf = replaceOnce(conf, "server 10.0.0.12:8080", "server 127.0.0.1:" + second);
        conf = replaceOnce(conf, "listen 80;", "listen 127.0.0.1:" + port + ";");
        return start(port, conf);
    }

    private static String replaceOnce(String text, String what, String with) {
        if (text.indexOf(what) < 0 || text.indexOf(what) != text.lastIndexOf(what)) {
            throw new IllegalStateException("docs/nginx-linkback.conf should name \"" + what + "\" once");
        }
        return text.replace(what, with);
    }

    /** A free loopback port for {@link #start}. */
    public static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** Runs nginx with this inside its {@code http} block (which must listen on {@code port} only). */
    public static Nginx start(int port, String http) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("linkback-nginx");
        String conf = """
                worker_processes auto;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 4096; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/body; proxy_temp_path %1$s/proxy; fastcgi_temp_path %1$s/fcgi;
                  uwsgi_temp_path %1$s/uwsgi; scgi_temp_path %1$s/scgi;
                %2$s
                }
                """.formatted(dir, http);
        Files.writeString(dir.resolve("nginx.conf"), conf);
        Process process = new ProcessBuilder(BINARY.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile())
                .start();
        Nginx nginx = new Nginx(process, dir, port);
        for (int i = 0; i < 100; i++) {
            if (Files.exists(dir.resolve("nginx.pid"))) {
                return nginx;
            }
            if (!process.isAlive()) {
                throw new IOException("nginx did not start: " + Files.readString(dir.resolve("out.log")));
            }
            Thread.sleep(50);
        }
        return nginx;
    }

    /** nginx's workers run as an unprivileged user: the served folder must be readable to all. */
    private static void readableByWorkers(Path root) throws IOException {
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: nginx stops its workers too
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
