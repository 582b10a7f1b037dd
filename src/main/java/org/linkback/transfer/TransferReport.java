package org.linkback.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The lines a transfer command prints: what was written, read, added and how the checksums compare. */
final class TransferReport {

    private TransferReport() {
    }

    /** @param heading "linkback export", or with how it was done */
    static List<String> exported(String heading, Optional<String> site, boolean all, boolean audit, Checksum written) {
        List<String> report = new ArrayList<>();
        report.add(heading + ": written" + site.map(name -> " for site " + name).orElse("") + ":");
        Export.tables(site, all, audit).forEach(table -> report.add("  " + written.describe(table)));
        return report;
    }

    static List<String> imported(String file, Import.Result result, Checksum now) {
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

    static List<String> importedForeign(String file, String from, ForeignBacklinks.Converted converted, Import.Result result) {
        List<String> lines = new ArrayList<>();
        lines.add("linkback import: " + file + " (" + from + "): " + converted.lines().size() + " backlinks read, "
                  + result.added(Table.BACKLINK) + " added, " + result.present(Table.BACKLINK) + " there already (left as they were), "
                  + converted.passedOver() + " passed over");
        converted.reasons().forEach(reason -> lines.add("  passed over: " + reason));
        if (result.bad() > 0) {
            lines.add(result.bad() + " could not be stored:");
            result.problems().forEach(problem -> lines.add("  " + problem));
        }
        return lines;
    }
}
