package org.linkback.admin;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;

import org.linkback.backlink.Backlink;
import org.linkback.backlink.BacklinkJson;

/** {@code GET /admin/api/mentions?format=csv}: the backlinks a filter finds, as a CSV download. */
final class BacklinkCsv {

    private static final int MAX_ROWS = 100_000;

    private final BacklinkPages pages;

    BacklinkCsv(BacklinkPages pages) {
        this.pages = pages;
    }

    /** Streams the rows page by page (at most {@value #MAX_ROWS}): a big export never sits in memory whole. */
    void send(ServerResponse res, BacklinkFilter filter) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        for (String column : BacklinkJson.COLUMNS) {
            schema.addColumn(column);
        }
        res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"backlinks.csv\"");
        List<Backlink> page = pages.list(filter, null, AdminApi.MAX_LIMIT);
        if (page.isEmpty()) {
            res.send(new CsvMapper().writer(schema.build()).writeValueAsBytes(List.of()));
            return;
        }
        try (OutputStream out = res.outputStream();
             SequenceWriter rows = new CsvMapper().writer(schema.build()).writeValues(out)) {
            int written = 0;
            while (true) {
                for (Backlink m : page) {
                    rows.write(BacklinkJson.csvRow(m));
                }
                written += page.size();
                if (page.size() < AdminApi.MAX_LIMIT || written >= MAX_ROWS) {
                    break;
                }
                page = pages.list(filter, page.getLast().id(), AdminApi.MAX_LIMIT);
            }
        }
    }
}
