package org.linkback.transfer;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import io.helidon.config.Config;
import org.hsqldb.error.ErrorCode;

import org.linkback.audit.AuditLog;
import org.linkback.backlink.Backlinks;
import org.linkback.config.LinkbackConfig;
import org.linkback.console.Progress;
import org.linkback.feed.FeedVersions;
import org.linkback.site.SiteDirectory;
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
        return export(root, site, all, audit, out, Progress.none());
    }

    /** {@link #export(Config, Optional, boolean, boolean, OutputStream)}, counting each line written in {@code progress}. */
    public static Result export(Config root, Optional<String> site, boolean all, boolean audit, OutputStream data, Progress progress) {
        OutputStream out = new CountingLines(data, progress);
        LinkbackConfig config = LinkbackConfig.from(root);
        ThroughServer server = new ThroughServer(root, config);
        if (server.configured()) {
            try {
                return server.export(site, all, audit, out);
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
        return importFile(root, file, from, Progress.none());
    }

    /** {@link #importFile(Config, String, Optional)}, counting each line read in {@code progress}. */
    public static Result importFile(Config root, String file, Optional<String> from, Progress progress) {
        LinkbackConfig config = LinkbackConfig.from(root);
        ThroughServer server = new ThroughServer(root, config);
        if (server.configured() && (from.isEmpty() || FROM.contains(from.get()))
            && (file.equals("-") || Files.isReadable(Path.of(file)))) {
            try {
                return server.importFile(file, from, progress);
            } catch (ConnectException e) {
                // no server listening: do it here
            } catch (IOException e) {
                return new Result(2, List.of("linkback import: the server did not answer: " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(2, List.of("linkback import: interrupted"));
            }
        }
        return importFile(config, file, from, progress);
    }

    private static final List<String> FROM = List.of("wordpress", "webmention.io");

    /**
     * Writes the JSON lines to out: the backlinks, and with {@code all} everything a move needs;
     * the report says what was written.
     */
    public static Result export(LinkbackConfig config, Optional<String> site, boolean all, OutputStream out) {
        return export(config, site, all, false, out);
    }

    /** {@link #export(LinkbackConfig, Optional, boolean, OutputStream)}, with the audit log when {@code audit}. */
    public static Result export(LinkbackConfig config, Optional<String> site, boolean all, boolean audit, OutputStream out) {
        Optional<Database> opened = open(config);
        if (opened.isEmpty()) {
            return inUse("export", config);
        }
        if (site.isPresent() && !SiteDirectory.known(opened.get(), config.sites(), site.get())) {
            opened.get().close();
            return new Result(2, List.of("linkback export: no site named \"" + site.get() + "\" (in the configuration or the database)"));
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
            return new Result(0, TransferReport.exported("linkback export", site, all, audit, written));
        } catch (IOException | UncheckedIOException e) {
            return new Result(1, List.of("linkback export: could not write: " + e.getMessage()));
        }
    }

    /** Reads a file of JSON lines ({@code -}: standard input) into the configured database. */
    public static Result importFile(LinkbackConfig config, String file, Optional<String> from) {
        return importFile(config, file, from, Progress.none());
    }

    private static Result importFile(LinkbackConfig config, String file, Optional<String> from, Progress progress) {
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
        if (!file.equals("-")) {
            progress.total(CountingLines.in(Path.of(file))); // a quick pass first: the bar can say how long is left
        }
        try (Database database = opened.get();
             BufferedReader in = new CountingLines.Reader(file.equals("-")
                     ? new InputStreamReader(System.in, StandardCharsets.UTF_8)
                     : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8), progress)) {
            Import.Result result = Import.read(database, standalone(database, config), config.sites(), Clock.systemUTC(), in);
            Checksum now = Export.write(database, Optional.empty(), true, result.file().count(Table.AUDIT) > 0, line -> { });
            return new Result(result.bad() == 0 ? 0 : 1, TransferReport.imported(file, result, now));
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
            converted = ImportInput.converted(ImportInput.text(file), from, config.sites());
        } catch (IOException e) {
            return new Result(1, List.of("linkback import: could not read " + file + " as " + from + ": " + e.getMessage()));
        }
        Optional<Database> opened = open(config);
        if (opened.isEmpty()) {
            return inUse("import", config);
        }
        try (Database database = opened.get()) {
            Import.Result result = Import.read(database, standalone(database, config), config.sites(), Clock.systemUTC(), new BufferedReader(new StringReader(String.join("\n", converted.lines()))));
            return new Result(result.bad() == 0 ? 0 : 1, TransferReport.importedForeign(file, from, converted, result));
        } catch (IOException e) {
            return new Result(1, List.of("linkback import: " + e.getMessage()));
        }
    }

    /** The database, or empty when an embedded one is locked by a running server. */
    private static Optional<Database> open(LinkbackConfig config) {
        try {
            Database database = Database.open(config.database());
            SiteDirectory.readInto(database, config.sites()); // the sites made at runtime too
            return Optional.of(database);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                // HSQLDB's "lock acquisition failure" (ErrorCode.LOCK_FILE_ACQUISITION_FAILURE), by its code
                if (t instanceof SQLException sql && sql.getErrorCode() == -ErrorCode.LOCK_FILE_ACQUISITION_FAILURE) {
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
