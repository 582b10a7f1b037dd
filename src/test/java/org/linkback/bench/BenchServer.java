package org.linkback.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.linkback.LinkbackServer;
import org.linkback.config.LinkbackConfig;
import org.linkback.store.Database;
import org.linkback.testing.TestDatabase;

/**
 * A linkback server for a benchmark, in this JVM, on its own fresh HSQLDB file database, with
 * the limits that protect a public server from one client switched off: a benchmark is one
 * client sending as fast as it can.
 */
final class BenchServer implements AutoCloseable {

    final Path dir;
    final LinkbackServer server;
    final String siteBaseUrl;

    private BenchServer(Path dir, LinkbackServer server, String siteBaseUrl) {
        this.dir = dir;
        this.server = server;
        this.siteBaseUrl = siteBaseUrl;
    }

    /** The YAML of a bench server; {@code ${DB}} names its database file. */
    static String yaml(String siteBaseUrl, String extraDbUrl) {
        return """
                server:
                  host: 127.0.0.1
                  port: 0
                linkback:
                  public-url: http://linkback.test
                  database:
                    url: jdbc:hsqldb:file:${DB}%s
                  sites:
                    - name: bench
                      base-url: %s
                      title: Bench Blog
                  fetch:
                    allow-private-addresses: true
                    max-per-host: 64
                    per-host-interval-ms: 0
                  sweep:
                    interval-ms: 0
                  limits:
                    pings-per-minute-per-ip: 0
                    pings-per-minute-per-source-host: 0
                    pings-per-minute-per-target: 0
                    requests-per-minute-per-ip: 0
                """.formatted(extraDbUrl, siteBaseUrl);
    }

    static BenchServer start(String siteBaseUrl, String extraDbUrl) throws IOException {
        return start(Files.createTempDirectory("linkback-bench"), siteBaseUrl, extraDbUrl);
    }

    /** Starts on the database in {@code dir} (see {@link #database}), e.g. after a {@link Loader} filled it. */
    static BenchServer start(Path dir, String siteBaseUrl, String extraDbUrl) throws IOException {
        Path file = configFile(dir, siteBaseUrl, extraDbUrl);
        return new BenchServer(dir, LinkbackServer.start(LinkbackConfig.load(file)), siteBaseUrl);
    }

    /** {@link #start(Path, String, String)} with more configuration under {@code linkback:} (two spaces in). */
    static BenchServer startWith(Path dir, String siteBaseUrl, String moreYaml) throws IOException {
        Path file = configFile(dir, siteBaseUrl, "");
        Files.writeString(file, Files.readString(file) + moreYaml);
        return new BenchServer(dir, LinkbackServer.start(LinkbackConfig.load(file)), siteBaseUrl);
    }

    /** Starts on another database (PostgreSQL), which a second server may share. */
    static BenchServer startOn(TestDatabase database, String siteBaseUrl) throws IOException {
        Path dir = Files.createTempDirectory("linkback-bench");
        Path file = dir.resolve("linkback.yaml");
        Files.writeString(file, yaml(siteBaseUrl, "").replace("    url: jdbc:hsqldb:file:${DB}\n", database.yaml("    ")));
        return new BenchServer(dir, LinkbackServer.start(LinkbackConfig.load(file)), siteBaseUrl);
    }

    /** Writes the server's configuration file into {@code dir}. */
    static Path configFile(Path dir, String siteBaseUrl, String extraDbUrl) throws IOException {
        Path file = dir.resolve("linkback.yaml");
        Files.writeString(file, yaml(siteBaseUrl, extraDbUrl).replace("${DB}", dir.resolve("db/linkback").toString()));
        return file;
    }

    /** Opens the database a server in {@code dir} would use (migrated); close it before starting the server. */
    static Database database(Path dir) {
        return Database.open(new LinkbackConfig.Database("jdbc:hsqldb:file:" + dir.resolve("db/linkback"), "SA", ""));
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.port() + pathAndQuery;
    }

    @Override
    public void close() {
        server.close();
    }
}
