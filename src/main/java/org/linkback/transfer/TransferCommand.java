package org.linkback.transfer;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.linkback.config.LinkbackConfig;
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
     * Writes the JSON lines to out: the backlinks, and with {@code all} everything a move needs;
     * the report says what was written.
     */
    public static Result export(LinkbackConfig config, Optional<String> site, boolean all, OutputStream out) {
        if (site.isPresent() && config.sites().all().stream().noneMatch(s -> s.name().equals(site.get()))) {
            return new Result(2, List.of("linkback export: no site named \"" + site.get() + "\" in the configuration"));
        }
        Optional<Database> opened = open(config);
        if (opened.isEmpty()) {
            return inUse("export", config);
        }
        try (Database database = opened.get();
             BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
            Checksum written = Export.write(database, site, all, line -> {
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
            Export.tables(site, all).forEach(table -> report.add("  " + written.describe(table)));
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
            Import.Result result = Import.read(database, in);
            Checksum now = Export.write(database, Optional.empty(), true, line -> { });
            return new Result(result.bad() == 0 ? 0 : 1, report(file, result, now));
        } catch (IOException e) {
            return new Result(1, List.of("linkback import: could not read " + file + ": " + e.getMessage()));
        }
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
            Import.Result result = Import.read(database, new BufferedReader(new java.io.StringReader(String.join("\n", converted.lines()))));
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
        for (Table table : Table.values()) {
            lines.add("  " + table.type + ": " + result.file().count(table) + " read, " + result.added(table) + " added, "
                      + result.present(table) + " there already (left as they were)");
        }
        lines.add("the file:");
        for (Table table : Table.values()) {
            lines.add("  " + result.file().describe(table));
        }
        lines.add("the database now:");
        for (Table table : Table.values()) {
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
