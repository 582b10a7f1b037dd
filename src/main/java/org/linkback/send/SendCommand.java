package org.linkback.send;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.config.Config;

import org.linkback.config.LinkbackConfig;
import org.linkback.fetch.SafeFetcher;
import org.linkback.http.Answers;
import org.linkback.queue.JobQueue;
import org.linkback.site.SiteDirectory;
import org.linkback.spam.Blocklist;
import org.linkback.store.Database;
import org.linkback.verify.Verifier;

/**
 * {@code ./linkback send SOURCE_URL}: notifies the links of one of our articles and prints one
 * line per link ({@code TARGET PROTOCOL OUTCOME[: message]}). When the server runs (and has an
 * admin token) the work goes through its admin API, so one process owns the database;
 * otherwise it runs here on the database directly.
 */
public final class SendCommand {

    /** Exit status and the lines printed. */
    public record Result(int exitStatus, List<String> lines) {
    }

    private SendCommand() {
    }

    public static Result run(Config root, String source) {
        LinkbackConfig config = LinkbackConfig.from(root);
        if (!config.adminToken().isEmpty()) {
            try {
                return throughServer(root, config, source);
            } catch (ConnectException e) {
                // no server listening: do it here
            } catch (IOException e) {
                return new Result(2, List.of("linkback send: the server did not answer: " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(2, List.of("linkback send: interrupted"));
            }
        }
        return standalone(config, source);
    }

    private static Result throughServer(Config root, LinkbackConfig config, String source) throws IOException, InterruptedException {
        String host = root.get("server.host").asString().orElse("127.0.0.1");
        host = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        URI api = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                             + root.get("server.port").asInt().orElse(8080) + "/admin/api/send");
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(api)
                            .timeout(Duration.ofMinutes(10))
                            .header("Authorization", "Bearer " + config.adminToken())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(Answers.bytes(Map.of("source", source))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = Answers.JSON.readTree(answer.body());
            if (answer.statusCode() != 200) {
                return new Result(2, List.of("linkback send: " + body.path("error").asText(answer.body())));
            }
            List<String> lines = new ArrayList<>();
            boolean failed = false;
            for (JsonNode item : body.path("items")) {
                String protocol = item.path("protocol").isNull() ? "-" : item.path("protocol").asText();
                String outcome = item.path("outcome").asText();
                boolean linked = item.path("linked").asBoolean(true);
                failed |= linked && outcome.equals(OutboundLink.Outcome.FAILED.id());
                lines.add(item.path("target").asText() + " " + protocol + " " + outcome + (linked ? "" : " (no longer linked)")
                          + (item.path("message").isNull() ? "" : ": " + item.path("message").asText()));
            }
            return new Result(failed ? 1 : 0, lines);
        }
    }

    private static Result standalone(LinkbackConfig config, String source) {
        Database database;
        try {
            database = Database.open(config.database());
        } catch (RuntimeException e) {
            return new Result(2, List.of("linkback send: cannot open the database (" + e.getMessage() + "); if the server is "
                                         + "running, set linkback.admin.token so send goes through it"));
        }
        SiteDirectory.readInto(database, config.sites()); // the sites made at runtime too
        try (SafeFetcher fetcher = new SafeFetcher(config.fetch(), config.publicUrl(), config.sites()::trustedOrigin,
                                                   new Blocklist(database)::blocksAddress)) {
            Outbox outbox = new Outbox(config, database, fetcher, new Verifier(), JobQueue.sends(database, java.time.Clock.systemUTC()));
            List<OutboundLink> links = outbox.send(source);
            boolean failed = links.stream().anyMatch(link -> link.linked() && link.outcome() == OutboundLink.Outcome.FAILED);
            return new Result(failed ? 1 : 0, Outbox.lines(links));
        } catch (Outbox.NotSendable e) {
            return new Result(2, List.of("linkback send: " + e.getMessage()));
        } finally {
            database.close();
        }
    }
}
