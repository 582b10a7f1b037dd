package org.linkback.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

/**
 * A real WordPress blog as a peer: Debian's {@code wordpress} package served by PHP's built-in
 * server ({@code php -S}, which ends every body by closing the connection), on a private MariaDB
 * that listens only on a Unix socket in a temporary folder. Posts are published and pings sent by
 * WordPress's own code, run from the command line as wp-cron would run it.
 *
 * <p>When the packages are missing, {@link #start} aborts the test with the reason (JUnit counts
 * it as skipped): {@code apt-get install -y wordpress php-cli php-mysql php-xml mariadb-server}.
 */
public final class WordPress implements AutoCloseable {

    static final Path PACKAGE = Path.of("/usr/share/wordpress");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private int port;

    /** A published post: its permalink and its TrackBack URL. */
    public record Post(long id, String url, String trackbackUrl) {
    }

    private WordPress(Path dir) {
        this.dir = dir;
    }

    /** Why this machine cannot run WordPress, or null when it can. */
    public static String missingPeer() {
        if (!Files.exists(PACKAGE.resolve("wp-settings.php"))) {
            return "Debian's wordpress package is not installed";
        }
        for (String program : new String[] {"php", "mariadbd", "mariadb-install-db"}) {
            if (which(program) == null) {
                return program + " is not installed";
            }
        }
        try {
            Process modules = new ProcessBuilder("php", "-m").redirectErrorStream(true).start();
            String text = new String(modules.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!text.contains("mysqli")) {
                return "PHP's mysqli extension (php-mysql) is not installed";
            }
            if (!text.lines().anyMatch("xml"::equals)) {
                return "PHP's XML extension (php-xml), which WordPress's XML-RPC client needs, is not installed";
            }
        } catch (IOException e) {
            return "php does not run: " + e.getMessage();
        }
        return null;
    }

    /**
     * Starts MariaDB and WordPress and installs a blog with this name, or aborts the calling test
     * when the packages are missing.
     */
    public static WordPress start(String blogName) {
        String missing = missingPeer();
        Assumptions.assumeTrue(missing == null, () -> "WordPress peer test skipped: " + missing
                + " (apt-get install -y wordpress php-cli php-mysql php-xml mariadb-server; .ci/run does)");
        WordPress wordpress;
        try {
            wordpress = new WordPress(Files.createTempDirectory("linkback-wordpress"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            wordpress.startDatabase();
            wordpress.copyWordPress();
            wordpress.startPhpServer();
            wordpress.cli("install", Map.of("blogname", blogName));
            return wordpress;
        } catch (IOException | RuntimeException e) {
            wordpress.close();
            throw new IllegalStateException("could not start WordPress: " + e.getMessage(), e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Publishes a post as the editor would; trackbackUrls is the "Send trackbacks to" box. */
    public Post publish(String title, String html, String trackbackUrls) {
        JsonNode post = cli("publish", Map.of("title", title, "content", html, "trackbacks", trackbackUrls));
        return new Post(post.path("id").asLong(), post.path("url").asText(), post.path("trackback").asText());
    }

    /**
     * Runs what wp-cron runs after publishing ({@code do_all_pings}: core {@code pingback()} for
     * each link, {@code trackback()} for each TrackBack URL).
     *
     * @return WordPress's record of the post afterwards: {"pinged": [...], "to_ping": [...]}
     */
    public JsonNode sendPings(Post post) {
        return cli("do_all_pings", Map.of("id", post.id()));
    }

    /**
     * Calls an XML-RPC method with WordPress's own client (the one core pingback() uses).
     *
     * @return {"response": ...} or {"faultCode": n, "faultString": "..."}
     */
    public JsonNode xmlRpc(String server, String method, Object... params) {
        return cli("xmlrpc", Map.of("server", server, "method", method, "params", java.util.List.of(params)));
    }

    /** The post's comments, pingbacks and TrackBacks, as WordPress's get_comments() gives them. */
    public JsonNode comments(Post post) {
        return cli("comments", Map.of("id", post.id()));
    }

    /** Stores a pingback or TrackBack as WordPress stores one it received; approved is "1", "0" or "spam". */
    public void addComment(Post post, String type, String author, String url, String content, String approved, String gmtDate) {
        cli("add_comment", Map.of("post", post.id(), "type", type, "author", author, "url", url, "content", content,
                                  "approved", approved, "date", gmtDate));
    }

    /** What Tools → Export → All content writes: the blog as a WXR file. */
    public String exportWxr() {
        return cli("export", Map.of()).path("wxr").asText();
    }

    private JsonNode cli(String command, Map<String, Object> arguments) {
        try {
            ProcessBuilder php = new ProcessBuilder("php", dir.resolve("cli.php").toString(), dir.resolve("wp").toString(),
                                             "127.0.0.1:" + port, command)
                    .redirectError(dir.resolve("cli-" + command + ".err").toFile());
            php.environment().put("LINKBACK_WP_SOCKET", socket().toString());
            Process process = php.start();
            try (var in = process.getOutputStream()) {
                in.write(JSON.writeValueAsBytes(arguments));
            }
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("WordPress " + command + " failed: " + new String(out, StandardCharsets.UTF_8)
                                                + Files.readString(dir.resolve("cli-" + command + ".err")));
            }
            return JSON.readTree(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Path socket() {
        return dir.resolve("mysql.sock");
    }

    private void startDatabase() throws IOException {
        Path data = dir.resolve("db");
        List<String> user = isRoot() ? List.of("--user=root") : List.of();
        List<String> install = new ArrayList<>(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + data,
                                                       "--auth-root-authentication-method=normal", "--skip-test-db"));
        install.addAll(user);
        run(install, "mariadb-install-db");
        List<String> server = new ArrayList<>(List.of(which("mariadbd"), "--no-defaults", "--datadir=" + data,
                                                      "--socket=" + socket(), "--skip-networking",
                                                      "--pid-file=" + dir.resolve("mariadb.pid"),
                                                      "--log-error=" + dir.resolve("mariadb.err"),
                                                      "--innodb-buffer-pool-size=16M"));
        server.addAll(user);
        processes.add(new ProcessBuilder(server).redirectErrorStream(true)
                              .redirectOutput(dir.resolve("mariadb.out").toFile()).start());
        awaitFile(socket(), "MariaDB");
        run(List.of("mariadb", "--no-defaults", "--socket=" + socket(), "-uroot", "-e", "CREATE DATABASE wordpress"), "create database");
    }

    /** A copy of the package's tree (hard links where the file system allows) with our own config. */
    private void copyWordPress() throws IOException {
        Path wp = dir.resolve("wp");
        try {
            run(List.of("cp", "-al", PACKAGE.toString(), wp.toString()), "cp -al");
        } catch (IllegalStateException e) {
            run(List.of("cp", "-a", PACKAGE.toString(), wp.toString()), "cp -a");
        }
        Files.delete(wp.resolve("wp-config.php")); // a hard link to Debian's file: replace, never write through
        copyResource("wp-config.php", wp.resolve("wp-config.php"));
        Files.createDirectories(wp.resolve("wp-content/mu-plugins"));
        copyResource("loopback.php", wp.resolve("wp-content/mu-plugins/loopback.php"));
        copyResource("router.php", dir.resolve("router.php"));
        copyResource("cli.php", dir.resolve("cli.php"));
    }

    private void startPhpServer() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ProcessBuilder php = new ProcessBuilder("php", "-S", "127.0.0.1:" + port, "-t", dir.resolve("wp").toString(),
                                                dir.resolve("router.php").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("php-server.log").toFile());
        php.environment().put("LINKBACK_WP_SOCKET", socket().toString());
        php.environment().put("PHP_CLI_SERVER_WORKERS", "4");
        processes.add(php.start());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("php -S did not start: " + Files.readString(dir.resolve("php-server.log")));
                }
                sleep(50);
            }
        }
    }

    private void copyResource(String name, Path to) throws IOException {
        try (InputStream in = WordPress.class.getResourceAsStream("/wordpress/" + name)) {
            Files.copy(in, to);
        }
    }

    private void awaitFile(Path file, String what) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not start: " + Files.readString(dir.resolve("mariadb.err")));
            }
            sleep(50);
        }
    }

    private void run(List<String> command, String what) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("LINKBACK_WP_SOCKET", socket().toString());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(what + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String which(String program) {
        for (String folder : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin:/sbin").split(":")) {
            Path candidate = Path.of(folder, program);
            if (!folder.isEmpty() && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        for (Process process : processes.reversed()) {
            process.descendants().forEach(ProcessHandle::destroy); // php -S forks its workers
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: the OS cleans it up later
        }
    }
}
