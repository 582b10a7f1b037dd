package org.linkback.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx, as the reference a benchmark compares linkback with: it serves a folder on
 * loopback addresses only, from a configuration of its own in a temporary folder.
 */
final class Nginx implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/nginx");

    private final Process process;
    private final Path dir;
    final int port;

    private Nginx(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /**
     * Serves {@code root} on each of {@code addresses} (loopback ones). With {@code rewriteTo},
     * every path is answered with that one file (many distinct source URLs, one page).
     */
    static Nginx serve(Path root, List<String> addresses, String rewriteTo) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path dir = Files.createTempDirectory("linkback-bench-nginx");
        readableByWorkers(root);
        StringBuilder listen = new StringBuilder();
        for (String address : addresses) {
            listen.append("    listen ").append(address).append(':').append(port).append(" backlog=4096;\n");
        }
        String conf = """
                worker_processes auto;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 4096; }
                http {
                  access_log off;
                  sendfile on;
                  gzip_static on;
                  tcp_nopush on;
                  keepalive_requests 1000000;
                  types { application/json json; text/html html; }
                  client_body_temp_path %1$s/body; proxy_temp_path %1$s/proxy; fastcgi_temp_path %1$s/fcgi;
                  uwsgi_temp_path %1$s/uwsgi; scgi_temp_path %1$s/scgi;
                  server {
                %2$s    root %3$s;
                    %4$s
                  }
                }
                """.formatted(dir, listen, root, rewriteTo == null ? "" : "location / { rewrite ^ /" + rewriteTo + " break; }");
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
