package org.linkback;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.sun.net.httpserver.HttpServer;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The OpenAPI document ({@code src/main/resources/META-INF/openapi.yml}, served at
 * {@code /openapi}) against the running server: real answers of every JSON endpoint this test
 * reaches are validated against the document's schema for their path, method and status (JSON
 * Schema 2020-12, with every object closed: a field the code sends that the document does not
 * name fails too), every status and media type must be documented, and every path of the
 * document must be one the server routes.
 */
class OpenApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "Bearer " + TestLinkback.Settings.ADMIN_TOKEN;
    private static final String METHODS = "get put post delete patch";

    private static PageServer blogs;
    private static PageServer claimed;
    private static HttpServer hooks;
    private static TestLinkback linkback;
    private static OpenAPI api;
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    /** "METHOD /template status" of each answer checked against the document. */
    private static final Set<String> checked = new TreeSet<>();
    /** The bodies of the webhook deliveries the server made, to check against the document's webhooks. */
    private static final List<String> delivered = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Disagreements found, reported together. */
    private static final List<String> problems = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        blogs = new PageServer();
        claimed = PageServer.on("127.0.0.2");
        hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hooks.createContext("/hook", exchange -> {
            delivered.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hooks.start();
        String yaml = TestLinkback.yaml(TestLinkback.Settings.forSite(blogs.url("/blog/")))
                .replace("  admin:\n", "  signup:\n    enabled: true\n  admin:\n")
                .replace("linkback:\n", "linkback:\n  webhooks:\n    - url: \"http://127.0.0.1:" + hooks.getAddress().getPort()
                                        + "/hook\"\n      secret: \"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"\n");
        linkback = TestLinkback.start(yaml);
        api = parse(document());
    }

    @AfterAll
    static void stop() {
        if (linkback != null) {
            linkback.close();
        }
        blogs.close();
        claimed.close();
        hooks.stop(0);
    }

    private static String document() throws IOException {
        try (InputStream in = OpenApiTest.class.getClassLoader().getResourceAsStream(LinkbackServer.OPENAPI_DOCUMENT)) {
            assertTrue(in != null, LinkbackServer.OPENAPI_DOCUMENT + " is on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The document, with every $ref resolved; it must parse without a message. */
    private static OpenAPI parse(String yaml) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(yaml, null, options);
        assertTrue(result.getMessages() == null || result.getMessages().isEmpty(), "the document parses cleanly: " + result.getMessages());
        assertEquals("3.1.0", result.getOpenAPI().getOpenapi());
        return result.getOpenAPI();
    }

    @Test
    void theServerServesTheDocument() throws Exception {
        HttpResponse<String> yaml = linkback.get("/openapi");
        assertEquals(200, yaml.statusCode());
        assertTrue(yaml.body().contains("openapi: 3.1.0") || yaml.body().contains("openapi: '3.1.0'")
                   || yaml.body().contains("openapi: \"3.1.0\""), yaml.body().lines().limit(3).toList().toString());
        assertEquals(api.getPaths().keySet(), parse(yaml.body()).getPaths().keySet(), "the YAML served is the document");

        HttpResponse<String> json = linkback.get("/openapi", "Accept", "application/json");
        assertEquals(200, json.statusCode());
        assertTrue(json.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), json.headers().toString());
        int bang = json.body().indexOf('!');
        assertTrue(bang < 0, "plain JSON: " + json.body().substring(Math.max(0, bang - 200), Math.min(json.body().length(), bang + 100)));
        JsonNode served = JSON.readTree(json.body());
        assertEquals("3.1.0", served.path("openapi").asText());
        assertEquals(api.getPaths().keySet(), toSet(served.path("paths").fieldNames()), "the JSON served is the document");
        assertTrue(served.path("webhooks").has("backlink.created"), "webhooks are described");
    }

    /** docs/api.md, the page people read, names every operation of the document (path parameters by any name). */
    @Test
    void theApiPageNamesEveryOperationOfTheDocument() throws IOException {
        String page = java.nio.file.Files.readString(java.nio.file.Path.of("docs/api.md")).replaceAll("\\{[^}]*}", "{}");
        List<String> missing = new java.util.ArrayList<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().keySet().forEach(method -> {
            String operation = method.name() + " " + path.replaceAll("\\{[^}]*}", "{}");
            if (!page.contains(operation)) {
                missing.add(operation);
            }
        }));
        assertEquals(List.of(), missing, "operations of openapi.yml that docs/api.md does not name");
    }

    /**
     * Every JSON endpoint we can reach, with data behind it: each answer's status and media type
     * must be documented for its path and method, and a JSON body must match the schema.
     */
    @Test
    void realAnswersMatchTheDocument() throws Exception {
        String article = blogs.url("/blog/post");
        String articleQuery = URLEncoder.encode(article, StandardCharsets.UTF_8);
        blogs.html("/blog/post", "<html><head><title>Walking in the hills</title></head><body><article class=\"h-entry\">"
                                 + "<p>See <a href=\"" + blogs.url("/elsewhere") + "\">elsewhere</a>.</p></article></body></html>");
        blogs.html("/elsewhere", "<html><head><title>Elsewhere</title></head><body>no endpoints here</body></html>");
        blogs.html("/reply/1", "<html><head><title>A reply | Hill Blog</title></head><body><div class=\"h-entry\">"
                               + "<a class=\"p-author h-card\" href=\"https://dana.example/\">Dana</a>"
                               + "<p class=\"e-content\">Lovely walk, <a class=\"u-in-reply-to\" href=\"" + article + "\">this</a>.</p>"
                               + "</div></body></html>");
        blogs.html("/reply/2", "<html><head><title>Second reply</title></head><body><p><a href=\"" + article + "\">read</a></p></body></html>");
        blogs.html("/reply/3", "<html><head><title>Third reply</title></head><body><p><a href=\"" + article + "\">read</a></p></body></html>");
        blogs.html("/reply/4", "<html><head><title>Fourth</title></head><body><p><a href=\"" + article + "\">read</a></p></body></html>");
        blogs.page("/lists/spam.txt", new PageServer.Page(200, "text/plain; charset=utf-8",
                                                          "# shared\nlisted-spam.example\n".getBytes(StandardCharsets.UTF_8), 0, null));

        // incoming: a pingback, a webmention, a TrackBack
        PingbackClient pingback = new PingbackClient(linkback.url("/xmlrpc"));
        pingback.ping(blogs.url("/reply/1"), article);
        pingback.ping(blogs.url("/reply/4"), article);
        send("POST", "/xmlrpc", 200, "text/xml", "<?xml version=\"1.0\"?><methodCall><methodName>system.listMethods</methodName>"
                                                 + "<params></params></methodCall>");
        HttpResponse<String> mention = send("POST", "/webmention", 202, "application/x-www-form-urlencoded",
                                            "source=" + URLEncoder.encode(blogs.url("/reply/2"), StandardCharsets.UTF_8)
                                            + "&target=" + articleQuery);
        send("POST", "/webmention", 400, "application/x-www-form-urlencoded", "source=nonsense&target=" + articleQuery);
        send("POST", "/trackback?target=" + articleQuery, 200, "application/x-www-form-urlencoded",
             "url=" + URLEncoder.encode(blogs.url("/reply/3"), StandardCharsets.UTF_8) + "&title=Third&blog_name=Hills");
        linkback.awaitNoJobs();
        call("GET", mention.headers().firstValue("Location").orElseThrow(), 200);
        call("GET", "/webmention/no-such-token", 404);

        // public reads
        for (String feed : List.of("/backlinks.json", "/backlinks.jf2", "/backlinks.atom", "/backlinks.rss")) {
            call("GET", feed + "?target=" + articleQuery, 200);
            call("GET", feed + "?site=test&type=reply,mention", 200);
            call("GET", feed + "?target=" + URLEncoder.encode("https://nowhere.example/x", StandardCharsets.UTF_8), 404);
            call("GET", feed, 400);
        }
        call("GET", "/backlinks.json?target=" + URLEncoder.encode(blogs.url("/blog/quiet"), StandardCharsets.UTF_8), 200);
        call("GET", "/trackback?__mode=rss&target=" + articleQuery, 200);
        call("GET", "/discovery?target=" + articleQuery, 200, "Accept", "application/json");
        call("GET", "/discovery?target=" + articleQuery, 200);
        call("GET", "/discovery?target=https%3A%2F%2Fnowhere.example%2F", 404);
        call("GET", "/widget.js", 200);
        call("GET", "/widget/backlinks?target=" + articleQuery, 200);
        call("GET", "/embed?target=" + articleQuery + "&lang=de", 200);
        call("GET", "/embed?target=" + articleQuery + "&theme=purple", 400);

        // the fediverse
        call("GET", "/.well-known/webfinger?resource=acct:test@linkback.test", 200);
        call("GET", "/.well-known/webfinger?resource=acct:nobody@linkback.test", 404);
        call("GET", "/.well-known/webfinger", 400);
        call("GET", "/ap/actor", 200, "Accept", "application/activity+json");
        call("GET", "/ap/actors/test", 200, "Accept", "application/activity+json");
        call("GET", "/ap/actors/test", 303, "Accept", "text/html");
        call("GET", "/ap/actors/nobody", 404);
        call("GET", "/ap/actors/test/followers", 200);
        call("GET", "/ap/actors/test/outbox", 200);
        call("GET", "/ap/articles?url=" + articleQuery, 200, "Accept", "application/activity+json");
        call("GET", "/ap/articles/no-such-key", 404);
        send("POST", "/ap/inbox", 401, "application/activity+json", "{\"type\":\"Follow\",\"actor\":\"https://elsewhere.example/u\"}");
        send("POST", "/ap/actors/test/inbox", 401, "application/activity+json", "{\"type\":\"Follow\"}");

        // admin: backlinks
        JsonNode page = body(call("GET", "/admin/api/mentions?limit=2", 200, "Authorization", ADMIN));
        call("GET", "/admin/api/mentions?status=approved&site=test&type=reply&target=" + articleQuery, 200, "Authorization", ADMIN);
        call("GET", "/admin/api/mentions?cursor=" + page.path("nextCursor").asText(), 200, "Authorization", ADMIN);
        call("GET", "/admin/api/mentions?format=csv", 200, "Authorization", ADMIN);
        call("GET", "/admin/api/mentions?status=weird", 400, "Authorization", ADMIN);
        call("GET", "/admin/api/mentions", 401);
        call("GET", "/admin/api/mentions", 401, "Authorization", "Bearer wrong");
        long first = page.path("items").get(0).path("id").asLong();
        long second = page.path("items").get(1).path("id").asLong();
        admin("POST", "/admin/api/mentions/" + first + "/status", 200, "{\"status\":\"spam\"}");
        admin("POST", "/admin/api/mentions/" + first + "/status", 400, "{\"status\":\"weird\"}");
        admin("POST", "/admin/api/mentions/999999/status", 404, "{\"status\":\"spam\"}");
        admin("POST", "/admin/api/mentions/status", 200, "{\"ids\":[" + first + "],\"status\":\"approved\"}");
        admin("POST", "/admin/api/mentions/status", 400, "{}");
        admin("DELETE", "/admin/api/mentions/" + second, 204, null);
        admin("DELETE", "/admin/api/mentions/" + second, 404, null);

        // admin: blocklist and shared lists
        admin("POST", "/admin/api/blocklist", 201, "{\"pattern\":\"spam.example\"}");
        admin("POST", "/admin/api/blocklist", 200, "{\"pattern\":\"spam.example\"}");
        admin("POST", "/admin/api/blocklist", 400, "{}");
        admin("GET", "/admin/api/blocklist", 200, null);
        admin("GET", "/admin/api/blocklist?site=test", 200, null);
        admin("GET", "/admin/api/blocklist/spam.example/restorable", 200, null);
        admin("GET", "/admin/api/blocklist/unknown.example/restorable", 404, null);
        admin("DELETE", "/admin/api/blocklist/spam.example?restore=true", 200, null);
        admin("POST", "/admin/api/blocklist", 201, "{\"pattern\":\"*.spam.example\"}");
        admin("DELETE", "/admin/api/blocklist/*.spam.example", 204, null);
        admin("DELETE", "/admin/api/blocklist/unknown.example", 404, null);
        JsonNode list = body(admin("POST", "/admin/api/blocklist/subscriptions", 201, "{\"url\":\"" + blogs.url("/lists/spam.txt") + "\"}"));
        admin("POST", "/admin/api/blocklist/subscriptions", 200, "{\"url\":\"" + blogs.url("/lists/spam.txt") + "\"}");
        admin("POST", "/admin/api/blocklist/subscriptions", 400, "{\"url\":\"ftp://x\"}");
        admin("GET", "/admin/api/blocklist/subscriptions", 200, null);
        admin("POST", "/admin/api/blocklist/subscriptions/" + list.path("id").asLong() + "/refresh", 200, null);
        admin("POST", "/admin/api/blocklist/subscriptions/999999/refresh", 404, null);
        admin("DELETE", "/admin/api/blocklist/subscriptions/" + list.path("id").asLong(), 204, null);

        // admin: sites and owner tokens
        admin("POST", "/admin/api/sites", 201, "{\"name\":\"second\",\"baseUrl\":\"" + blogs.url("/second/") + "\",\"title\":\"Second\","
                                               + "\"aliases\":[],\"language\":\"de\",\"moderation\":\"hold\"}");
        admin("POST", "/admin/api/sites", 409, "{\"name\":\"second\",\"baseUrl\":\"" + blogs.url("/third/") + "\",\"title\":\"Third\"}");
        admin("POST", "/admin/api/sites", 400, "{\"name\":\"Not A Slug\",\"baseUrl\":\"" + blogs.url("/third/") + "\",\"title\":\"x\"}");
        admin("GET", "/admin/api/sites", 200, null);
        admin("GET", "/admin/api/sites/second", 200, null);
        admin("GET", "/admin/api/sites/nowhere", 404, null);
        admin("PATCH", "/admin/api/sites/second", 200, "{\"title\":\"Second blog\",\"fediverse\":false}");
        JsonNode token = body(admin("POST", "/admin/api/sites/test/tokens", 201, "{\"label\":\"Alice\"}"));
        admin("POST", "/admin/api/sites/test/tokens", 400, "{}");
        admin("GET", "/admin/api/sites/test/tokens", 200, null);
        String owner = "Bearer " + token.path("token").asText();
        call("GET", "/admin/api/sites", 403, "Authorization", owner);
        call("GET", "/admin/api/sites/test", 200, "Authorization", owner);
        call("GET", "/admin/api/mentions", 200, "Authorization", owner);
        call("GET", "/admin/api/mentions?site=second", 404, "Authorization", owner);
        call("GET", "/admin/api/overview", 200, "Authorization", owner);
        call("GET", "/admin/api/blocklist", 200, "Authorization", owner);
        call("GET", "/admin/api/transfer/export", 403, "Authorization", owner);
        admin("DELETE", "/admin/api/sites/test/tokens/" + token.path("id").asLong(), 204, null);
        admin("DELETE", "/admin/api/sites/test/tokens/" + token.path("id").asLong(), 404, null);
        admin("DELETE", "/admin/api/sites/second", 204, null);
        admin("DELETE", "/admin/api/sites/second?purge=true", 200, null);

        // admin: audit, overview, sending, webhooks, transfer
        admin("GET", "/admin/api/audit?limit=5", 200, null);
        admin("GET", "/admin/api/audit?action=status.changed&mention=" + first, 200, null);
        admin("GET", "/admin/api/overview", 200, null);
        admin("GET", "/admin/api/overview?site=test&days=7", 200, null);
        admin("GET", "/admin/api/overview?days=0", 400, null);
        admin("POST", "/admin/api/send", 202, "{\"source\":\"" + article + "\"}");
        admin("POST", "/admin/api/send", 400, "{}");
        linkback.awaitNoJobs();
        admin("GET", "/admin/api/outbound?source=" + articleQuery, 200, null);
        admin("GET", "/admin/api/outbound", 400, null);
        JsonNode deliveries = body(admin("GET", "/admin/api/webhooks/deliveries", 200, null));
        assertTrue(deliveries.path("items").size() > 0, "webhook deliveries were made: " + deliveries);
        admin("GET", "/admin/api/webhooks/deliveries?limit=1&cursor=" + deliveries.path("items").get(0).path("id").asLong(), 200, null);
        admin("POST", "/admin/api/webhooks/replay?since=" + deliveries.path("items").get(0).path("id").asLong(), 200, null);
        admin("POST", "/admin/api/webhooks/replay", 400, null);
        admin("GET", "/admin/api/transfer/export?all=true", 200, null);
        send("POST", "/admin/api/transfer/import", 200, "application/x-ndjson", "{\"type\":\"nonsense\"}\n", "Authorization", ADMIN);

        // sign-up
        claimed.html("/", "<html lang=\"en\"><head><title>Carol's notes</title></head><body>hello</body></html>");
        JsonNode claim = body(send("POST", "/signup", 201, "application/json", "{\"baseUrl\":\"" + claimed.url("/") + "\"}"));
        send("POST", "/signup", 400, "application/json", "{}");
        send("POST", "/signup", 409, "application/json", "{\"baseUrl\":\"" + blogs.url("/blog/") + "\"}");
        call("GET", "/signup", 200);
        call("GET", "/signup/" + claim.path("id").asText(), 200);
        send("POST", "/signup/" + claim.path("id").asText() + "/verify", 422, "application/json", "{}");
        claimed.html("/", "<html lang=\"en\"><head><title>Carol's notes</title><meta name=\"linkback-verification\" content=\""
                          + claim.path("token").asText() + "\"></head><body>hello</body></html>");
        send("POST", "/signup/" + claim.path("id").asText() + "/verify", 200, "application/json", "{}");
        send("POST", "/signup/" + claim.path("id").asText() + "/verify", 404, "application/json", "{}");

        // the admin page and operations
        call("GET", "/admin", 301);
        call("GET", "/admin/", 200);
        call("GET", "/admin/app.js", 200);
        send("POST", "/admin/login", 401, "application/x-www-form-urlencoded", "token=wrong");
        send("POST", "/admin/login", 303, "application/x-www-form-urlencoded", "token=" + TestLinkback.Settings.ADMIN_TOKEN);
        send("POST", "/admin/logout", 303, "application/x-www-form-urlencoded", "");
        call("GET", "/observe/health", 200);
        call("GET", "/observe/metrics", 200);
        call("GET", "/openapi", 200);
        call("GET", "/openapi", 200, "Accept", "application/json");

        assertTrue(!delivered.isEmpty(), "webhook deliveries arrived");
        synchronized (delivered) {
            for (String event : delivered) {
                problems.addAll(validateWebhook(event));
            }
        }

        System.out.println("OpenApiTest checked " + checked.size() + " answers against the document:\n  " + String.join("\n  ", checked));
        if (!problems.isEmpty()) {
            fail("the server and openapi.yml disagree:\n  " + String.join("\n  ", problems));
        }
    }

    /**
     * Every operation of the document is routed: its method on its path (with made-up parameters)
     * is not the web server's own 404 for a path nobody serves.
     */
    @Test
    void everyDocumentedOperationIsRouted() {
        HttpResponse<String> unrouted = linkback.request("GET", "/admin/api/no-such-resource", null, null, "Authorization", ADMIN);
        assertEquals(404, unrouted.statusCode());
        HttpResponse<String> nowhere = linkback.get("/no-such-path-at-all");
        assertEquals(404, nowhere.statusCode());
        List<String> unknown = new ArrayList<>();
        api.getPaths().forEach((template, item) -> operations(item).forEach((method, operation) -> {
            String path = template.replaceAll("\\{(id|key)}", "999999").replaceAll("\\{[^}]+}", "no-such-thing");
            HttpResponse<String> answer = linkback.request(method.toUpperCase(Locale.ROOT), path, "application/json",
                                                           probeBody(method, path),
                                                           "Authorization", ADMIN);
            boolean defaultAnswer = answer.statusCode() == 404
                                    && (answer.body().equals(unrouted.body()) || answer.body().equals(nowhere.body()));
            if (defaultAnswer) {
                unknown.add(method.toUpperCase(Locale.ROOT) + " " + template);
            }
        }));
        assertTrue(unknown.isEmpty(), "documented but not routed: " + unknown);
    }

    /** An empty JSON object to the JSON APIs, a harmless call to XML-RPC (an empty body would log a parse error), else none. */
    private static byte[] probeBody(String method, String path) {
        if (path.equals("/xmlrpc")) {
            return "<?xml version=\"1.0\"?><methodCall><methodName>system.listMethods</methodName></methodCall>".getBytes(StandardCharsets.UTF_8);
        }
        return "POST PATCH PUT".contains(method.toUpperCase(Locale.ROOT)) && path.startsWith("/admin/api") ? "{}".getBytes(StandardCharsets.UTF_8) : null;
    }

    private static HttpResponse<String> admin(String method, String path, int status, String json) {
        return send(method, path, status, json == null ? null : "application/json", json, "Authorization", ADMIN);
    }

    private static HttpResponse<String> call(String method, String path, int status, String... headers) {
        return send(method, path, status, null, null, headers);
    }

    private static HttpResponse<String> send(String method, String path, int status, String contentType, String body, String... headers) {
        HttpResponse<String> answer = linkback.request(method, path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                                                       headers);
        String name = method + " " + path;
        if (answer.statusCode() != status) {
            // the test's own expectation: the data it made is not what it thought
            fail(name + " answered " + answer.statusCode() + ", the test expected " + status + ": " + answer.body());
        }
        problems.addAll(validate(method, path, answer));
        return answer;
    }

    private static JsonNode body(HttpResponse<String> answer) throws IOException {
        return JSON.readTree(answer.body());
    }

    /** What is wrong with this answer by the document: an undocumented path, status or media type, or a body off its schema. */
    static List<String> validate(String method, String pathAndQuery, HttpResponse<String> answer) {
        String path = pathAndQuery.replaceFirst("\\?.*", "");
        String name = method + " " + path + " " + answer.statusCode();
        Optional<Map.Entry<String, PathItem>> item = find(path);
        if (item.isEmpty()) {
            return List.of(name + ": no path of the document matches");
        }
        Operation operation = operations(item.get().getValue()).get(method.toLowerCase(Locale.ROOT));
        if (operation == null) {
            return List.of(name + ": " + item.get().getKey() + " has no " + method);
        }
        String documented = method + " " + item.get().getKey() + " " + answer.statusCode();
        checked.add(documented);
        ApiResponse response = operation.getResponses().get(String.valueOf(answer.statusCode()));
        if (response == null) {
            return List.of(documented + ": status not documented (" + operation.getResponses().keySet() + ")");
        }
        String contentType = answer.headers().firstValue("Content-Type").orElse("").replaceFirst(";.*", "").strip().toLowerCase(Locale.ROOT);
        if (response.getContent() == null || response.getContent().isEmpty()) {
            return answer.body().isEmpty() ? List.of() : List.of(documented + ": documented without a body, but sent " + contentType);
        }
        MediaType media = response.getContent().get(contentType);
        if (media == null) {
            return List.of(documented + ": media type " + contentType + " not documented (" + response.getContent().keySet() + ")");
        }
        boolean json = contentType.equals("application/json") || contentType.endsWith("+json");
        if (!json || item.get().getKey().equals("/openapi")) { // the document itself is checked by theServerServesTheDocument
            return List.of();
        }
        try {
            return validateBody(documented, media, answer.body());
        } catch (IOException e) {
            return List.of(documented + ": " + e);
        }
    }

    /** A webhook delivery's body against the document's webhook of its type. */
    static List<String> validateWebhook(String body) throws IOException {
        String type = JSON.readTree(body).path("type").asText();
        PathItem webhook = api.getWebhooks() == null ? null : api.getWebhooks().get(type);
        if (webhook == null || webhook.getPost() == null) {
            return List.of("webhook " + type + ": not in the document's webhooks");
        }
        checked.add("webhook " + type);
        return validateBody("webhook " + type, webhook.getPost().getRequestBody().getContent().get("application/json"), body);
    }

    private static List<String> validateBody(String name, MediaType media, String body) throws IOException {
        if (media == null || media.getSchema() == null) {
            return List.of(name + ": no JSON schema");
        }
        ObjectNode schema = (ObjectNode) JSON.readTree(Json31.mapper().writeValueAsString(media.getSchema()));
        closeObjects(schema);
        Schema validator = SCHEMAS.getSchema(JSON.writeValueAsString(schema), InputFormat.JSON);
        List<Error> errors = validator.validate(body, InputFormat.JSON);
        return errors.stream().map(e -> name + ": " + e.getInstanceLocation() + " " + e.getMessage()).toList();
    }

    /**
     * Every object schema that names its properties and says nothing of others is closed: the
     * document stays open for clients, but a field the code sends and the document lacks fails here.
     */
    private static void closeObjects(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties") && !object.has("unevaluatedProperties")) {
                object.put("additionalProperties", false);
            }
            for (Iterator<JsonNode> children = object.elements(); children.hasNext(); ) {
                closeObjects(children.next());
            }
        } else if (node != null && node.isArray()) {
            node.forEach(OpenApiTest::closeObjects);
        }
    }

    /** The document's path for a request path: a literal match first, then a template. */
    private static Optional<Map.Entry<String, PathItem>> find(String path) {
        if (api.getPaths().containsKey(path)) {
            return Optional.of(Map.entry(path, api.getPaths().get(path)));
        }
        return api.getPaths().entrySet().stream()
                .filter(e -> e.getKey().contains("{"))
                .filter(e -> template(e.getKey()).matcher(path).matches())
                // the one with the most literal characters: /mentions/status before /mentions/{id}
                .max((a, b) -> Integer.compare(a.getKey().replaceAll("\\{[^}]+}", "").length(),
                                               b.getKey().replaceAll("\\{[^}]+}", "").length()));
    }

    private static Pattern template(String template) {
        Matcher parameters = Pattern.compile("\\{[^}]+}").matcher(template);
        StringBuilder regex = new StringBuilder();
        int at = 0;
        while (parameters.find()) {
            regex.append(Pattern.quote(template.substring(at, parameters.start()))).append("[^/]+");
            at = parameters.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(template.substring(at))).toString());
    }

    private static Map<String, Operation> operations(PathItem item) {
        Map<String, Operation> operations = new LinkedHashMap<>();
        item.readOperationsMap().forEach((method, operation) -> operations.put(method.name().toLowerCase(Locale.ROOT), operation));
        operations.keySet().removeIf(method -> !METHODS.contains(method));
        return operations;
    }

    private static Set<String> toSet(Iterator<String> names) {
        Set<String> set = new LinkedHashSet<>();
        names.forEachRemaining(set::add);
        return set;
    }
}
