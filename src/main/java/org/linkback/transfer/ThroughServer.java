package org.linkback.transfer;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.config.Config;

import org.linkback.config.LinkbackConfig;
import org.linkback.console.Progress;
import org.linkback.transfer.TransferCommand.Result;

/**
 * Export and import through a running server's {@code /admin/api/transfer}: its database may be
 * embedded and so locked by it. Throws {@link java.net.ConnectException} when no server listens.
 */
final class ThroughServer {

    /** A batch's UTF-8 bytes: well under the server's 1 MiB request limit. */
    private static final int BATCH_BYTES = 512 * 1024;

    private final Config root;
    private final LinkbackConfig config;

    ThroughServer(Config root, LinkbackConfig config) {
        this.root = root;
        this.config = config;
    }

    /** The admin token is set and the server's port is known (0, a random one, a command cannot find). */
    boolean configured() {
        return !config.adminToken().isEmpty() && port() > 0;
    }

    private int port() {
        return root.get("server.port").asInt().orElse(8080);
    }

    private URI api(String path) {
        String host = root.get("server.host").asString().orElse("127.0.0.1");
        host = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port()
                          + "/admin/api/transfer" + path);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(api(path)).header("Authorization", "Bearer " + config.adminToken());
    }

    private static HttpClient http() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    }

    Result export(Optional<String> site, boolean all, boolean audit, OutputStream out) throws IOException, InterruptedException {
        String query = "?all=" + all + "&audit=" + audit + site.map(name -> "&site=" + URLEncoder.encode(name, StandardCharsets.UTF_8)).orElse("");
        try (HttpClient http = http()) {
            HttpResponse<InputStream> answer = http.send(request("/export" + query).build(), HttpResponse.BodyHandlers.ofInputStream());
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
            return new Result(0, TransferReport.exported("linkback export (through the running server)", site, all, audit, written));
        }
    }

    /** Posts the lines in batches under the server's request size, then compares what it holds with the file. */
    Result importFile(String file, Optional<String> from, Progress progress) throws IOException, InterruptedException {
        String text = ImportInput.text(file);
        List<String> lines = from.isPresent() ? ImportInput.converted(text, from.get(), config.sites()).lines()
                : text.lines().filter(line -> !line.isBlank()).toList();
        progress.total(lines.size());
        Map<Table, Long> added = new EnumMap<>(Table.class);
        Map<Table, Long> present = new EnumMap<>(Table.class);
        List<String> problems = new ArrayList<>();
        long bad = 0;
        try (HttpClient http = http()) {
            int start = 0;
            while (start < lines.size()) {
                if (utf8Bytes(lines.get(start)) > BATCH_BYTES) {
                    bad++; // one line larger than a request may be: reported, left out, the rest goes on
                    problems.add("line " + (start + 1) + ": longer than " + BATCH_BYTES + " bytes, the most one request may carry; not imported");
                    start++;
                    progress.step();
                    continue;
                }
                StringBuilder batch = new StringBuilder();
                long bytes = 0;
                int end = start;
                while (end < lines.size() && bytes + utf8Bytes(lines.get(end)) <= BATCH_BYTES) {
                    batch.append(lines.get(end)).append('\n');
                    bytes += utf8Bytes(lines.get(end));
                    end++;
                }
                HttpResponse<String> answer = http.send(request("/import").timeout(Duration.ofMinutes(10))
                                                                .header("Content-Type", "application/x-ndjson")
                                                                .POST(HttpRequest.BodyPublishers.ofString(batch.toString(), StandardCharsets.UTF_8))
                                                                .build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    return new Result(2, List.of("linkback import: stopped at line " + (start + 1) + " of " + lines.size() + ": the server answered "
                                                 + answer.statusCode() + ": " + answer.body(),
                                                 "  stored before it: " + counts(added) + " (" + counts(present) + " there already); "
                                                 + "run the import again to finish: what is there is left as it is"));
                }
                JsonNode counts = Export.JSON.readTree(answer.body());
                for (Table table : Table.values()) {
                    added.merge(table, counts.path("added").path(table.type).asLong(), Long::sum);
                    present.merge(table, counts.path("present").path(table.type).asLong(), Long::sum);
                }
                bad += counts.path("bad").asLong();
                int offset = start;
                counts.path("problems").forEach(problem -> problems.add("(from line " + (offset + 1) + ") " + problem.asText()));
                progress.stepBy(end - start);
                start = end;
            }
            Checksum fileSums = new Checksum();
            for (String line : lines) {
                Import.canonicalLine(line).ifPresent(e -> fileSums.add(e.getKey(), e.getValue()));
            }
            Checksum now = exported(http, fileSums.count(Table.AUDIT) > 0);
            return new Result(bad == 0 ? 0 : 1, TransferReport.imported(file + " (through the running server)",
                                                                        new Import.Result(fileSums, added, present, bad, problems), now));
        }
    }

    /** A line's size in a request: its UTF-8 bytes and the line break. */
    private static long utf8Bytes(String line) {
        long bytes = 1;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3; // a surrogate pair: 4 bytes
        }
        return bytes;
    }

    private static String counts(Map<Table, Long> byTable) {
        List<String> parts = new ArrayList<>();
        byTable.forEach((table, n) -> {
            if (n > 0) {
                parts.add(n + " " + table.type);
            }
        });
        return parts.isEmpty() ? "nothing" : String.join(", ", parts);
    }

    /** The checksums of everything the server holds now. */
    private Checksum exported(HttpClient http, boolean audit) throws IOException, InterruptedException {
        Checksum now = new Checksum();
        HttpResponse<InputStream> all = http.send(request("/export?all=true&audit=" + audit).build(),
                                                  HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader exported = new BufferedReader(new InputStreamReader(all.body(), StandardCharsets.UTF_8))) {
            for (String line = exported.readLine(); line != null; line = exported.readLine()) {
                Import.canonicalLine(line).ifPresent(e -> now.add(e.getKey(), e.getValue()));
            }
        }
        return now;
    }
}
