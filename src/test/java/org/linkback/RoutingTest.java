package org.linkback;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;

import org.linkback.config.LinkbackConfig;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link LinkbackServer#routing} on a bare web server: every admin API route, and one that does
 * not exist, asks for the token first.
 */
class RoutingTest {

    private static final List<String> ADMIN_ROUTES = List.of(
            "GET /admin/api/mentions", "POST /admin/api/mentions/status", "POST /admin/api/mentions/1/status",
            "DELETE /admin/api/mentions/1", "GET /admin/api/blocklist", "POST /admin/api/blocklist",
            "DELETE /admin/api/blocklist/spam.example", "GET /admin/api/blocklist/spam.example/restorable",
            "GET /admin/api/audit", "GET /admin/api/overview", "POST /admin/api/send", "GET /admin/api/outbound",
            "GET /admin/api/webhooks/deliveries", "POST /admin/api/webhooks/replay", "GET /admin/api/transfer/export",
            "POST /admin/api/transfer/import", "GET /admin/api/no-such-thing");

    @Test
    void everyAdminApiRouteNeedsTheToken() throws Exception {
        Path dir = Files.createTempDirectory("linkback-routing");
        Path config = TestLinkback.writeConfig(dir, TestLinkback.yaml(TestLinkback.Settings.forSite("http://127.0.0.1:1/blog/")));
        try (Components components = new Components(LinkbackConfig.from(LinkbackConfig.load(config)), java.time.Clock.systemUTC())) {
            WebServer server = WebServer.builder().port(0).host("127.0.0.1")
                    .routing(routing -> LinkbackServer.routing(routing, components)).build().start();
            try (HttpClient client = HttpClient.newHttpClient()) {
                for (String route : ADMIN_ROUTES) {
                    String[] parts = route.split(" ");
                    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + parts[1]))
                            .method(parts[0], HttpRequest.BodyPublishers.ofString("{}")).build();
                    HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
                    assertEquals(401, answer.statusCode(), route);
                    assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElse(""), route);
                }
            } finally {
                server.stop();
            }
        }
    }
}
