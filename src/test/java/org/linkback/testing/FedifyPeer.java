package org.linkback.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

/**
 * A real fediverse server beside the test: Fedify 1.5 (the ActivityPub framework many servers
 * are built on) on Node, {@code src/test/fedify/peer.mjs}, with one actor, alice. It signs what it
 * sends and verifies what it receives with Fedify's own code; the test drives it over its small
 * control API and reads what its inboxes accepted. Skipped, saying why, when Node or its
 * packages ({@code npm ci} in {@code src/test/fedify}, which {@code ./linkback test} runs) are missing.
 */
public final class FedifyPeer implements AutoCloseable {

    private static final Path DIR = Path.of("src/test/fedify");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String origin;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private FedifyPeer(Process process, String origin) {
        this.process = process;
        this.origin = origin;
    }

    /** Starts a peer, or skips the test when Node or the peer's packages are not installed. */
    public static FedifyPeer start() {
        Assumptions.assumeTrue(Files.isDirectory(DIR.resolve("node_modules/@fedify/fedify")),
                               "SKIPPED: the Fedify test peer is not installed (npm ci in src/test/fedify; ./linkback test does it)");
        Process process;
        try {
            process = new ProcessBuilder("node", "peer.mjs").directory(DIR.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            Assumptions.abort("SKIPPED: node cannot be started (apt-get install -y nodejs npm): " + e.getMessage());
            throw new IllegalStateException(e);
        }
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(60, TimeUnit.SECONDS);
            if (line == null) {
                throw new IllegalStateException("the Fedify peer ended before it was ready");
            }
            return new FedifyPeer(process, JSON.readTree(line).path("origin").asText());
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("the Fedify peer did not start", e);
        }
    }

    /** http://127.0.0.1:PORT */
    public String origin() {
        return origin;
    }

    /** The peer's actor: alice. */
    public String actor() {
        return origin + "/users/alice";
    }

    /** Calls the control API: POST /control/{action} with a JSON body; the JSON answer, or a failure with the peer's error. */
    public JsonNode call(String action, Map<String, Object> body) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(origin + "/control/" + action))
                                                            .timeout(Duration.ofSeconds(60))
                                                            .header("Content-Type", "application/json")
                                                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                                                            .build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new AssertionError("the Fedify peer's " + action + " failed: " + answer.body());
            }
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the peer's inboxes accepted (each verified by Fedify), oldest first. */
    public List<JsonNode> received() {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(origin + "/control/inbox")).build(),
                                                    HttpResponse.BodyHandlers.ofString());
            List<JsonNode> all = new ArrayList<>();
            JSON.readTree(answer.body()).path("received").forEach(all::add);
            return all;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The accepted activities of a type. */
    public List<JsonNode> received(String type) {
        return received().stream().filter(entry -> type.equals(entry.path("type").asText())).toList();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close(); // the peer ends when its stdin closes
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
