package org.linkback.transfer;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jdbi.v3.core.Handle;

import org.linkback.backlink.Backlinks;
import org.linkback.backlink.CheckState;
import org.linkback.config.Sites;
import org.linkback.queue.JobQueue;
import org.linkback.send.OutboundLink;
import org.linkback.site.SiteDirectory;
import org.linkback.store.Database;
import org.linkback.url.Urls;

/**
 * Reads JSON lines written by {@link Export} into a database. A row whose unique key is there
 * already (the same source and target, the same blocklist pattern) is left as it is, so an
 * import can run twice, or again after an interruption, and change nothing the second time.
 * Lines are stored in batches, each batch one unit of work; a backlink still pending its check
 * and an outbound link waiting for a retry are queued again.
 */
final class Import {

    private static final int BATCH = 500;
    private static final int PROBLEMS_LISTED = 20;

    /** What an import read and did. */
    record Result(Checksum file, Map<Table, Long> added, Map<Table, Long> present, long bad, List<String> problems) {

        long added(Table table) {
            return added.getOrDefault(table, 0L);
        }

        long present(Table table) {
            return present.getOrDefault(table, 0L);
        }
    }

    private record Line(int number, Table table, JsonNode row, String text) {
    }

    private final Database database;
    private final Backlinks backlinks;
    private final Sites sites;
    private final JobQueue checks;
    private final JobQueue sends;
    private final Checksum file = new Checksum();
    private final Map<Table, Long> added = new EnumMap<>(Table.class);
    private final Map<Table, Long> present = new EnumMap<>(Table.class);
    private final List<String> problems = new ArrayList<>();
    private long bad;

    private Import(Database database, Backlinks backlinks, Sites sites, Clock clock) {
        this.database = database;
        this.backlinks = backlinks;
        this.sites = sites;
        this.checks = JobQueue.checks(database, clock);
        this.sends = JobQueue.sends(database, clock);
    }

    static Result read(Database database, Backlinks backlinks, Sites sites, Clock clock, BufferedReader in) throws IOException {
        Import run = new Import(database, backlinks, sites, clock);
        List<Line> batch = new ArrayList<>();
        int number = 0;
        for (String text = in.readLine(); text != null; text = in.readLine()) {
            number++;
            if (text.isBlank()) {
                continue;
            }
            Optional<Line> line = run.parse(number, text);
            line.ifPresent(batch::add);
            if (batch.size() == BATCH) {
                run.store(batch);
                batch.clear();
            }
        }
        run.store(batch);
        return new Result(run.file, run.added, run.present, run.bad, run.problems);
    }

    private Optional<Line> parse(int number, String text) {
        try {
            JsonNode row = Export.JSON.readTree(text);
            if (!(row instanceof ObjectNode) || !row.path("type").isTextual()) {
                throw new IllegalArgumentException("not a JSON object with a \"type\"");
            }
            Table table = Table.ofType(row.get("type").asText());
            // the checksum of what the line says, written the way an export writes it
            String canonical = Export.text(canonical(table, row));
            return Optional.of(new Line(number, table, row, canonical));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            problem(number, e.getMessage());
            return Optional.empty();
        }
    }

    /** A line's kind of row and its text as an export writes it (for a checksum made elsewhere), when it is a usable line. */
    static Optional<Map.Entry<Table, String>> canonicalLine(String text) {
        try {
            JsonNode row = Export.JSON.readTree(text);
            if (!(row instanceof ObjectNode) || !row.path("type").isTextual()) {
                return Optional.empty();
            }
            Table table = Table.ofType(row.get("type").asText());
            return Optional.of(Map.entry(table, Export.text(canonical(table, row))));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The line with exactly the table's fields, in its order, each written as an export writes it
     * (an instant as {@link Instant#toString}, a number as a double): what the database will give back.
     */
    private static ObjectNode canonical(Table table, JsonNode row) {
        ObjectNode line = Export.JSON.createObjectNode();
        line.put("type", table.type);
        for (Table.Column column : table.columns) {
            String name = column.json();
            JsonNode value = row.get(name);
            if (value == null && !column.optional()) {
                throw new IllegalArgumentException("a " + table.type + " line has no \"" + name + "\"");
            }
            if (value == null) {
                line.putNull(name);
                continue;
            }
            if (value.isNull() && column.type() == Table.Type.LINES) {
                line.putArray(name); // stored as no reasons, read back as []
                continue;
            }
            if (value.isNull()) {
                line.putNull(name);
                continue;
            }
            switch (column.type()) {
                case TIME -> line.put(name, Rows.instant(value, table, name).toString());
                case NUMBER -> line.put(name, value.isNumber() ? value.doubleValue() : Double.NaN);
                default -> line.set(name, value);
            }
        }
        return line;
    }

    private void store(List<Line> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            database.useTransaction(h -> storeAll(h, batch));
            batch.forEach(line -> file.add(line.table(), line.text()));
        } catch (RuntimeException e) {
            // one bad row spoils its batch's unit of work: store the batch's lines one by one to find it
            for (Line line : batch) {
                try {
                    database.useTransaction(h -> storeAll(h, List.of(line)));
                    file.add(line.table(), line.text());
                } catch (RuntimeException one) {
                    problem(line.number(), rootMessage(one));
                }
            }
        }
    }

    private void storeAll(Handle h, List<Line> lines) {
        Map<Table, Long> addedHere = new EnumMap<>(Table.class);
        Map<Table, Long> presentHere = new EnumMap<>(Table.class);
        // sites first: the backlinks after them may be to one of them
        List<Line> siteLines = lines.stream().filter(line -> line.table() == Table.SITE).toList();
        for (Line line : siteLines) {
            stored(h, line, Rows.insert(h, database.dialect(), line.table(), line.row()), addedHere, presentHere);
        }
        if (addedHere.containsKey(Table.SITE)) {
            SiteDirectory.imported(h, sites);
        }
        // backlinks through their one write path, together (their feeds are bumped once)
        List<Line> backlinkLines = lines.stream().filter(line -> line.table() == Table.BACKLINK).toList();
        List<Optional<Long>> backlinkIds = backlinks.imported(h, backlinkLines.stream().map(line -> Rows.backlink(line.row())).toList(), sites);
        for (int i = 0; i < backlinkLines.size(); i++) {
            stored(h, backlinkLines.get(i), backlinkIds.get(i), addedHere, presentHere);
        }
        for (Line line : lines) {
            if (line.table() != Table.BACKLINK && line.table() != Table.SITE) {
                stored(h, line, Rows.insert(h, database.dialect(), line.table(), line.row()), addedHere, presentHere);
            }
        }
        h.afterCommit(() -> {
            addedHere.forEach((table, n) -> added.merge(table, n, Long::sum));
            presentHere.forEach((table, n) -> present.merge(table, n, Long::sum));
        });
    }

    private void stored(Handle h, Line line, Optional<Long> id, Map<Table, Long> addedHere, Map<Table, Long> presentHere) {
        (id.isPresent() ? addedHere : presentHere).merge(line.table(), 1L, Long::sum);
        id.ifPresent(stored -> queueWhatWaits(h, line, stored));
    }

    /** A backlink pending its check is checked, and an outbound link waiting for a retry is retried, where it now lives. */
    private void queueWhatWaits(Handle h, Line line, long id) {
        JsonNode row = line.row();
        if (line.table() == Table.BACKLINK && CheckState.PENDING.id().equals(row.path("verification").asText())) {
            checks.enqueue(h, id, textOrNull(row, "clientIp"), textOrNull(row, "sourceHost"));
        } else if (line.table() == Table.OUTBOUND && !OutboundLink.Outcome.valueOfId(row.path("outcome").asText()).settled()) {
            sends.enqueue(h, id, null, Urls.parseCanonical(row.path("target").asText()).map(URI::getHost).orElse(null));
        }
    }

    private static String textOrNull(JsonNode row, String name) {
        JsonNode value = row.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private void problem(int number, String message) {
        bad++;
        if (problems.size() < PROBLEMS_LISTED) {
            problems.add("line " + number + ": " + (message == null ? "cannot be stored" : message.lines().findFirst().orElse("")));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
