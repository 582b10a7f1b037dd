package org.linkback.transfer;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.linkback.backlink.Backlinks;
import org.linkback.config.Sites;
import org.linkback.http.Answers;
import org.linkback.site.SiteDirectory;
import org.linkback.store.Database;

/**
 * Export and import through the running server (under {@code /admin/api/transfer}, behind the
 * admin token), so {@code ./linkback export} and {@code import} work while it runs, also on
 * its embedded database: {@code GET /export?site=&all=true} streams the JSON lines;
 * {@code POST /import} stores a batch of them (at most the server's request size: the command
 * sends a large file in batches) and answers its counts.
 */
public final class TransferService implements HttpService {

    private final Database database;
    private final Sites sites;
    private final Backlinks backlinks;
    private final Clock clock;

    public TransferService(Database database, Sites sites, Backlinks backlinks, Clock clock) {
        this.clock = clock;
        this.database = database;
        this.sites = sites;
        this.backlinks = backlinks;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/export", this::export)
                .post("/import", this::importBatch);
    }

    private void export(ServerRequest req, ServerResponse res) throws IOException {
        Optional<String> site = req.query().first("site").asOptional().filter(s -> !s.isBlank());
        if (site.isPresent() && !SiteDirectory.known(database, sites, site.get())) { // a deleted site's backlinks may be exported
            Answers.jsonError(res, Status.NOT_FOUND_404, "no site named " + site.get());
            return;
        }
        boolean all = req.query().first("all").map("true"::equals).orElse(false);
        boolean audit = req.query().first("audit").map("true"::equals).orElse(false);
        res.header(HeaderNames.CONTENT_TYPE, "application/x-ndjson; charset=utf-8");
        try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(res.outputStream(), StandardCharsets.UTF_8))) {
            Export.write(database, site, all, audit, line -> {
                try {
                    out.write(line);
                    out.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private void importBatch(ServerRequest req, ServerResponse res) throws IOException {
        Import.Result result;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(req.content().inputStream(), StandardCharsets.UTF_8))) {
            result = Import.read(database, backlinks, sites, clock, in);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        Map<String, Long> read = new LinkedHashMap<>();
        Map<String, Long> added = new LinkedHashMap<>();
        Map<String, Long> present = new LinkedHashMap<>();
        for (Table table : Table.values()) {
            read.put(table.type, result.file().count(table));
            added.put(table.type, result.added(table));
            present.put(table.type, result.present(table));
        }
        answer.put("read", read);
        answer.put("added", added);
        answer.put("present", present);
        answer.put("bad", result.bad());
        answer.put("problems", result.problems());
        Answers.json(res, Status.OK_200, answer);
    }
}
