package org.linkback.send;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.config.Config;

import org.linkback.config.LinkbackConfig;
import org.linkback.fetch.SafeFetcher;
import org.linkback.http.Answers;
import org.linkback.queue.JobQueue;
import org.linkback.queue.JobWorker;
import org.linkback.site.SiteDirectory;
import org.linkback.spam.Blocklist;
import org.linkback.store.Database;
import org.linkback.verify.Verifier;

/**
 * {@code ./linkback send SOURCE_URL [--no-wait]}: queues the notifications of one of our articles
 * and prints one line per link ({@code TARGET PROTOCOL OUTCOME[: message]}) as each completes.
 * When the server runs (and has an admin token) the work goes through its admin API, so one
 * process owns the database; otherwise this process sends them itself. {@code --no-wait} only
 * queues (the server, or the next send, sends them).
 */
public final class SendCommand {

    /** How long the command follows the links; what is still due after that goes on in the background. */
    private static final Duration FOLLOW_AT_MOST = Duration.ofMinutes(10);
    /** A link retried further ahead than this is reported with its time and not waited for. */
    private static final Duration WAIT_FOR_RETRIES_WITHIN = Duration.ofMinutes(1);
    private static final Duration POLL = Duration.ofMillis(250);

    /** Exit status and the lines printed. */
    public record Result(int exitStatus, List<String> lines) {
    }

    /**
     * Where the command reports.
     *
     * @param waits    false: only queue
     * @param line     each link's line, as it completes
     * @param progress links done and links in all, as they change (a progress bar on a terminal)
     */
    public record Output(boolean waits, Consumer<String> line, BiConsumer<Integer, Integer> progress) {

        /** Waits, and prints nothing (the lines come back in the {@link Result}). */
        public static Output quiet() {
            return new Output(true, line -> { }, (done, all) -> { });
        }
    }

    /** One link's state, from the API's JSON or from the database. */
    private record Link(String target, String protocol, String outcome, boolean linked, String message, Instant nextAttemptAt) {

        static Link of(OutboundLink link) {
            return new Link(link.target(), link.protocol() == null ? "-" : link.protocol().id(), link.outcome().id(), link.linked(),
                            link.message(), link.nextAttemptAt());
        }

        static Link of(JsonNode item) {
            return new Link(item.path("target").asText(), item.path("protocol").isNull() ? "-" : item.path("protocol").asText(),
                            item.path("outcome").asText(), item.path("linked").asBoolean(true),
                            item.path("message").isNull() ? null : item.path("message").asText(),
                            item.path("nextAttemptAt").isTextual() ? Instant.parse(item.path("nextAttemptAt").asText()) : null);
        }

        boolean pending() {
            return outcome.equals(OutboundLink.Outcome.PENDING.id());
        }

        /** Done for this command: settled, or due (again) later than it waits for. */
        boolean reportable(Instant now) {
            boolean waiting = pending() || outcome.equals(OutboundLink.Outcome.PENDING_RETRY.id());
            return !waiting || nextAttemptAt != null && nextAttemptAt.isAfter(now.plus(WAIT_FOR_RETRIES_WITHIN));
        }

        boolean failed() {
            return linked && outcome.equals(OutboundLink.Outcome.FAILED.id());
        }

        String line() {
            return target + " " + protocol + " " + outcome + (linked ? "" : " (no longer linked)") + (message == null ? "" : ": " + message)
                   + (outcome.equals(OutboundLink.Outcome.PENDING_RETRY.id()) && nextAttemptAt != null ? " (again at " + nextAttemptAt + ")" : "");
        }
    }

    private SendCommand() {
    }

    public static Result run(Config root, String source) {
        return run(root, source, Output.quiet());
    }

    public static Result run(Config root, String source, Output output) {
        LinkbackConfig config = LinkbackConfig.from(root);
        if (!config.adminToken().isEmpty()) {
            try {
                return throughServer(root, config, source, output);
            } catch (ConnectException e) {
                // no server listening: do it here
            } catch (IOException e) {
                return new Result(2, List.of("linkback send: the server did not answer: " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(2, List.of("linkback send: interrupted"));
            }
        }
        return standalone(config, source, output);
    }

    /** The links' states, read again each time. */
    @FunctionalInterface
    private interface Links {
        List<Link> read() throws IOException, InterruptedException;
    }

    private static Result throughServer(Config root, LinkbackConfig config, String source, Output output)
            throws IOException, InterruptedException {
        String host = root.get("server.host").asString().orElse("127.0.0.1");
        host = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        URI api = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                             + root.get("server.port").asInt().orElse(8080) + "/admin/api");
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(api + "/send"))
                            .timeout(Duration.ofMinutes(1))
                            .header("Authorization", "Bearer " + config.adminToken())
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(Answers.bytes(Map.of("source", source))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = Answers.JSON.readTree(answer.body());
            if (answer.statusCode() != 202) {
                return new Result(2, List.of("linkback send: " + body.path("error").asText(answer.body())));
            }
            URI watch = URI.create(api + "/outbound?source=" + URLEncoder.encode(source, StandardCharsets.UTF_8));
            return follow(links(body), () -> {
                HttpResponse<String> state;
                try {
                    state = http.send(HttpRequest.newBuilder(watch).timeout(Duration.ofSeconds(30))
                                              .header("Authorization", "Bearer " + config.adminToken()).GET().build(),
                                      HttpResponse.BodyHandlers.ofString());
                } catch (ConnectException e) {
                    // not "no server, do it here": it took the work and stopped; it goes on when it starts again
                    throw new IOException("the server stopped answering while sending; the links go on when it runs again", e);
                }
                if (state.statusCode() != 200) {
                    throw new IOException("the server answered " + state.statusCode() + " for the outbound links");
                }
                return links(Answers.JSON.readTree(state.body()));
            }, output);
        }
    }

    private static List<Link> links(JsonNode body) {
        List<Link> links = new ArrayList<>();
        body.path("items").forEach(item -> links.add(Link.of(item)));
        return links;
    }

    private static Result standalone(LinkbackConfig config, String source, Output output) {
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
            JobQueue sends = JobQueue.sends(database, Clock.systemUTC());
            Outbox outbox = new Outbox(config, database, fetcher, new Verifier(), sends);
            List<Link> queued = outbox.queue(source).stream().map(Link::of).toList();
            if (!output.waits()) {
                Result result = follow(queued, () -> queued, output);
                List<String> lines = new ArrayList<>(result.lines());
                String note = "(no server is running: these go out when it starts, or with ./linkback send without --no-wait)";
                output.line().accept(note);
                lines.add(note);
                return new Result(result.exitStatus(), lines);
            }
            // no server: this process works the queue until the article's links are done
            try (JobWorker worker = new JobWorker("sends", sends, outbox, config.queue()).start()) {
                return follow(queued, () -> outbox.links(source).stream().map(Link::of).toList(), output);
            }
        } catch (Outbox.NotSendable e) {
            return new Result(2, List.of("linkback send: " + e.getMessage()));
        } catch (IOException e) {
            return new Result(2, List.of("linkback send: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(2, List.of("linkback send: interrupted"));
        } finally {
            database.close();
        }
    }

    /**
     * Prints each link's line once it is done (settled, or due again later than we wait for), with
     * a live count, until all are done or {@link #FOLLOW_AT_MOST} has passed; without waiting,
     * prints what was queued.
     */
    private static Result follow(List<Link> queued, Links state, Output output) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        if (!output.waits()) {
            for (Link link : queued) {
                String line = link.pending() ? link.target() + " - queued" : link.line();
                output.line().accept(line);
                lines.add(line);
            }
            return new Result(0, lines);
        }
        Set<String> reported = new HashSet<>();
        boolean failed = false;
        Instant until = Instant.now().plus(FOLLOW_AT_MOST);
        List<Link> now = queued;
        while (true) {
            for (Link link : now) {
                if (!reported.contains(link.target()) && link.reportable(Instant.now())) {
                    reported.add(link.target());
                    failed |= link.failed();
                    output.line().accept(link.line());
                    lines.add(link.line());
                }
            }
            output.progress().accept(reported.size(), now.size());
            if (reported.size() >= now.size() || Instant.now().isAfter(until)) {
                break;
            }
            Thread.sleep(POLL);
            now = state.read();
        }
        for (Link link : now) {
            if (!reported.contains(link.target())) {
                String line = link.line() + " (still going on in the background)";
                output.line().accept(line);
                lines.add(line);
            }
        }
        return new Result(failed ? 1 : 0, lines);
    }
}
