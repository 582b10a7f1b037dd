package org.linkback.transfer;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.helidon.config.Config;

import org.linkback.audit.AuditLog;
import org.linkback.backlink.Backlinks;
import org.linkback.config.LinkbackConfig;
import org.linkback.feed.FeedVersions;
import org.linkback.store.Database;

/**
 * {@code ./linkback export [--site NAME]} and {@code ./linkback import FILE}: moving what a
 * database holds to another one (the embedded HSQLDB to PostgreSQL) as JSON lines, with counts
 * and checksums that show nothing was lost. Both open the database themselves; an embedded
 * database must not be in use by a running server, PostgreSQL may be.
 */
public final class TransferCommand {

    /** Exit status and the report (standard error for an export, whose output is the data). */
    public record Result(int exitStatus, List<String> lines) {
    }

    private TransferCommand() {
    }

    /**
     * {@link #export(LinkbackConfig, Optional, boolean, OutputStream)} through the running server
     * when there is one (the admin token is set and the server answers), else on the database here.
     */
    public static Result export(Config root, Optional<String> site, boolean all, OutputStream out) {
        return export(root, site, all, false, out);
    }

    /** {@link #export(Config, Optional, boolean, OutputStream)}, with the audit log when {@code audit}. */
    public static Result export(Config root, Optional<String> site, boolean all, boolean audit, OutputStream out) {
        LinkbackConfig config = LinkbackConfig.from(root);
        if (!config.adminToken().isEmpty() && serverPort(root) > 0) {
            try {
                return exportThroughServer(root, config, site, all, audit, out);
            } catch (ConnectException e) {
                // no server listening: do it here
            } catch (IOException e) {
                return new Result(2, List.of("linkback export: the server did not answer: " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(2, List.of("linkback export: interrupted"));
            }
        }
        return export(config, site, all, audit, out);
    }

    /**
     * {@link #importFile(LinkbackConfig, String, Optional)} through the running server when there
     * is one, in batches under its request size, else on the database here.
     */
    public static Result importFile(Config root, String file, Optional<String> from) {
        LinkbackConfig config = LinkbackConfig.from(root);
        if (!config.adminToken().isEmpty() && serverPort(root) > 0 && (from.isEmpty() || FROM.contains(from.get()))
            && (file.equals("-") || Files.isReadable(Path.of(file)))) {
            try {
                return importThroughServer(root, config, file, from);
            } catch (ConnectException e) {
                // no server listening: do it here
            } catch (IOException e) {
                return new Result(2, List.of("linkback import: the server did not answer: " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(2, List.of("linkback import: interrupted"));
            }
        }
        return importFile(config, file, from);
    }

    private static final List<String> FROM = List.of("wordpress", "webmention.io");
    /** Below the server's 1 MiB request limit. */
    private static final int BATCH_BYTES = 512 * 1024;

    /** The port the configured server listens on (0: a random one, which a command cannot find). */
    private static int serverPort(Config root) {
        return root.get("server.port").asInt().orElse(8080);
    }

    private static URI api(Config root, String path) {
        String host = root.get("server.host").asString().orElse("127.0.0.1");
        host = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + serverPort(root)
                          + "/admin/api/transfer" + path);
    }

    private static Result exportThroughServer(Config root, LinkbackConfig config, Optional<String> site, boolean all, boolean audit,
                                              OutputStream out) throws IOException, InterruptedException {
        String query = "?all=" + all + "&audit=" + audit + site.map(name -> "&site=" + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8)).orElse("");
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
            HttpResponse<java.io.InputStream> answer = http.send(HttpRequest.newBuilder(api(root, "/export" + query))
                                                                         .header("Authorization", "Bearer " + config.adminToken()).build(),
                                                                 HttpResponse.BodyHandlers.ofInputStream());
            if (answer.statusCode() != 200) {
                return new Result(2, List.of("linkback export: the server answered " + answer.statusCode() + ": "
                                             + new String(answer.body().readAllBytes(), StandardCharsets.UTF_8)));
            }
            Checksum written = new Checksum();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(answer.body(), StandardCharsets.UTF_8));
                 BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    writer.write(line);
                    writer.write('\n');
                    Import.canonicalLine(line).ifPresent(e -> written.add(e.getKey(), e.getValue()));
                }
            }
            List<String> report = new ArrayList<>();
            report.add("linkback export (through the running server): written" + site.map(name -> " for site " + name).orElse("") + ":");
            Export.tables(site, all, audit).forEach(table -> report.add("  " + written.describe(table)));
            return new Result(0, report);
        }
    }

    private static Result importThroughServer(Config root, LinkbackConfig config, String file, Optional<String> from)
            throws IOException, InterruptedException {
        String text = file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                : Files.readString(Path.of(file), StandardCharsets.UTF_8);
        List<String> lines;
        if (from.isPresent()) {
            ForeignBacklinks.Converted converted = from.get().equals("wordpress") ? ForeignBacklinks.fromWordPress(text, config.sites())
                    : ForeignBacklinks.fromWebmentionIo(Export.JSON.readTree(text), config.sites());
            lines = converted.lines();
        } else {
            lines = text.lines().filter(line -> !line.isBlank()).toList();
        }
        Checksum fileSums = new Checksum();
        Map<Table, Long> added = new java.util.EnumMap<>(Table.class);
        Map<Table, Long> present = new java.util.EnumMap<>(Table.class);
        List<String> problems = new ArrayList<>();
        long bad = 0;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
            int start = 0;
            while (start < lines.size()) {
                StringBuilder batch = new StringBuilder();
                int end = start;
                while (end < lines.size() && (batch.isEmpty() || batch.length() + lines.get(end).length() < BATCH_BYTES)) {
                    batch.append(lines.get(end)).append('\n');
                    end++;
                }
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(api(root, "/import"))
                                                                .timeout(Duration.ofMinutes(10))
                                                                .header("Authorization", "Bearer " + config.adminToken())
                                                                .header("Content-Type", "application/x-ndjson")
                                                                .POST(HttpRequest.BodyPublishers.ofString(batch.toString()))
                                                                .build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    return new Result(2, List.of("linkback import: the server answered " + answer.statusCode() + ": " + answer.body()));
                }
                com.fasterxml.jackson.databind.JsonNode counts = Export.JSON.readTree(answer.body());
                for (Table table : Table.values()) {
                    added.merge(table, counts.path("added").path(table.type).asLong(), Long::sum);
                    present.merge(table, counts.path("present").path(table.type).asLong(), Long::sum);
                }
                bad += counts.path("bad").asLong();
                int offset = start;
                counts.path("problems").forEach(problem -> problems.add("(from line " + (offset + 1) + ") " + problem.asText()));
                start = end;
            }
            for (String line : lines) {
                Import.canonicalLine(line).ifPresent(e -> fileSums.add(e.getKey(), e.getValue()));
            }
            Checksum now = new Checksum();
            boolean audit = fileSums.count(Table.AUDIT) > 0;
            HttpResponse<java.io.InputStream> all = http.send(HttpRequest.newBuilder(api(root, "/export?all=true&audit=" + audit))
                                                                      .header("Authorization", "Bearer " + config.adminToken()).build(),
                                                              HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader exported = new BufferedReader(new InputStreamReader(all.body(), StandardCharsets.UTF_8))) {
                for (String line = exported.readLine(); line != null; line = exported.readLine()) {
                    Import.canonicalLine(line).ifPresent(e -> now.add(e.getKey(), e.getValue()));
                }
            }
            List<String> report = new ArrayList<>(report(file + " (through the running server)",
                                                         new Import.Result(fileSums, added, present, bad, problems), now));
            return new Result(bad == 0 ? 0 : 1, report);
        }
    }

    /**
     * Writes the JSON lines to out: the backlinks, and with {@code all} everything a move needs;
     * the report says what was written.
     */
    public static Result export(LinkbackConfig config, Optional<String> site, boolean all, OutputStream out) {
        return export(config, site, all, false, out);
    }

    /** {@link #export(LinkbackConfig, Optional, boolean, OutputStream)}, with the audit log when {@code audit}. */
    public static Result export(LinkbackConfig config, Optional<String> site, boolean all, boolean audit, OutputStream out) {
        if (site.isPresent() && config.sites().all().stream().noneMatch(s -> s.name().equals(site.get()))) {
            return new Result(2, List.of("linkback export: no site named \"" + site.get() + "\" in the configuration"));
        }
        Optional<Database> opened = open(config);
        if (opened.isEmpty()) {
            return inUse("export", config);
        }
        try (Database database = opened.get();
             BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
            Checksum written = Export.write(database, site, all, audit, line -> {
                try {
                    writer.write(line);
                    writer.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            writer.flush();
            List<String> report = new ArrayList<>();
            report.add("linkback export: written" + site.map(name -> " for site " + name).orElse("") + ":");
            Export.tables(site, all, audit).forEach(table -> report.add("  " + written.describe(table)));
            return new Result(0, report);
        } catch (IOException | UncheckedIOException e) {
            return new Result(1, List.of("linkback export: could not write: " + e.getMessage()));
        }
    }

    /** Reads a file of JSON lines ({@code -}: standard input) into the configured database. */
    public static Result importFile(LinkbackConfig config, String file, Optional<String> from) {
        if (from.isPresent() && !from.get().equals("wordpress") && !from.get().equals("webmention.io")) {
            return new Result(2, List.of("linkback import: --from is wordpress (a WXR export file) or webmention.io "
                                         + "(its mentions.jf2 JSON), not " + from.get()));
        }
        if (!file.equals("-") && !Files.isReadable(Path.of(file))) {
            return new Result(2, List.of("linkback import: cannot read " + file));
        }
        if (from.isPresent()) {
            return importForeign(config, file, from.get());
        }
        Optional<Database> opened = open(config);
        if (opened.isEmpty()) {
            return inUse("import", config);
        }
        try (Database database = opened.get();
             BufferedReader in = file.equals("-")
                     ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                     : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            Import.Result result = Import.read(database, standalone(database, config), in);
            Checksum now = Export.write(database, Optional.empty(), true, result.file().count(Table.AUDIT) > 0, line -> { });
            return new Result(result.bad() == 0 ? 0 : 1, report(file, result, now));
        } catch (IOException e) {
            return new Result(1, List.of("linkback import: could not read " + file + ": " + e.getMessage()));
        }
    }

    /**
     * The write path of a command that opened the database itself: the server that would tell
     * feeds and webhooks is not running (its feed caches re-read versions from the database).
     */
    private static Backlinks standalone(Database database, LinkbackConfig config) {
        return new Backlinks(database, new AuditLog(database, config.moderation().auditRetention()), Clock.systemUTC(),
                             List.of(new FeedVersions(database, Clock.systemUTC())));
    }

    /** A WordPress export or webmention.io's JSON, turned into our own lines and imported as they are. */
    private static Result importForeign(LinkbackConfig config, String file, String from) {
        ForeignBacklinks.Converted converted;
        try {
            String text = file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file), StandardCharsets.UTF_8);
            converted = from.equals("wordpress") ? ForeignBacklinks.fromWordPress(text, config.sites())
                    : ForeignBacklinks.fromWebmentionIo(Export.JSON.readTree(text), config.sites());
        } catch (IOException e) {
            return new Result(1, List.of("linkback import: could not read " + file + " as " + from + ": " + e.getMessage()));
        }
        Optional<Database> opened = open(config);
        if (opened.isEmpty()) {
            return inUse("import", config);
        }
        try (Database database = opened.get()) {
            Import.Result result = Import.read(database, standalone(database, config), new BufferedReader(new java.io.StringReader(String.join("\n", converted.lines()))));
            List<String> lines = new ArrayList<>();
            lines.add("linkback import: " + file + " (" + from + "): " + converted.lines().size() + " backlinks read, "
                      + result.added(Table.BACKLINK) + " added, " + result.present(Table.BACKLINK) + " there already (left as they were), "
                      + converted.passedOver() + " passed over");
            converted.reasons().forEach(reason -> lines.add("  passed over: " + reason));
            if (result.bad() > 0) {
                lines.add(result.bad() + " could not be stored:");
                result.problems().forEach(problem -> lines.add("  " + problem));
            }
            return new Result(result.bad() == 0 ? 0 : 1, lines);
        } catch (IOException e) {
            return new Result(1, List.of("linkback import: " + e.getMessage()));
        }
    }

    private static List<String> report(String file, Import.Result result, Checksum now) {
        List<String> lines = new ArrayList<>();
        lines.add("linkback import: " + file);
        // the audit log is compared only when the file brought one (an export --audit)
        List<Table> tables = Export.tables(Optional.empty(), true, result.file().count(Table.AUDIT) > 0);
        for (Table table : tables) {
            lines.add("  " + table.type + ": " + result.file().count(table) + " read, " + result.added(table) + " added, "
                      + result.present(table) + " there already (left as they were)");
        }
        lines.add("the file:");
        for (Table table : tables) {
            lines.add("  " + result.file().describe(table));
        }
        lines.add("the database now:");
        for (Table table : tables) {
            lines.add("  " + now.describe(table) + (now.sameAs(result.file(), table) ? "  identical to the file" : ""));
        }
        if (result.bad() > 0) {
            lines.add(result.bad() + " line(s) not imported:");
            result.problems().forEach(problem -> lines.add("  " + problem));
        }
        return lines;
    }

    /** The database, or empty when an embedded one is locked by a running server. */
    private static Optional<Database> open(LinkbackConfig config) {
        try {
            return Optional.of(Database.open(config.database()));
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t.getMessage() != null && t.getMessage().contains("lockFile")) {
                    return Optional.empty();
                }
            }
            throw e;
        }
    }

    private static Result inUse(String command, LinkbackConfig config) {
        return new Result(2, List.of("linkback " + command + ": the database " + Database.withoutPassword(config.database().url()) + " is in use by a running "
                                     + "server; stop it first (an embedded database belongs to one process)"));
    }
}
