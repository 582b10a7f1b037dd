package org.linkback.site;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.xmlrpc.XmlRpcException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.linkback.testing.Await;
import org.linkback.testing.Http;
import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.ServerProcess;
import org.linkback.testing.TestDatabase;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sites made, changed and deleted through the admin API while the server runs: they take pings
 * at once, after a restart, and in a second process on the same database; the YAML file's sites
 * are applied at every start.
 */
class RuntimeSitesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = TestLinkback.Settings.ADMIN_TOKEN;

    private PageServer configured;
    private PageServer blog;
    private PageServer sources;
    private TestLinkback linkback;

    @BeforeEach
    void start() {
        configured = new PageServer();
        blog = PageServer.on("127.0.0.2");
        sources = PageServer.on("127.0.0.3");
        linkback = TestLinkback.start(TestLinkback.Settings.forSite(configured.url("/blog/")));
        blog.html("/post", "<title>A post</title><p>article</p>");
    }

    @AfterEach
    void stop() {
        linkback.close();
        configured.close();
        blog.close();
        sources.close();
    }

    private HttpResponse<String> api(String method, String path, String body) {
        return linkback.request(method, path, "application/json", body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8),
                                "Authorization", "Bearer " + ADMIN);
    }

    private HttpResponse<String> createSite(String name, String baseUrl) {
        return api("POST", "/admin/api/sites", "{\"name\":\"" + name + "\",\"baseUrl\":\"" + baseUrl + "\",\"title\":\"" + name + "\"}");
    }

    private String source(String path, String target) {
        sources.html(path, "<title>A reply</title><p>As <a href=\"" + target + "\">this post</a> says.</p>");
        return sources.url(path);
    }

    @Test
    void aSiteCreatedAtRuntimeTakesPingsAtOnceAndAfterARestart() throws Exception {
        PingbackClient pingback = new PingbackClient(linkback.url("/xmlrpc"));
        assertEquals(33, pingback.faultOf(source("/before", blog.url("/post")), blog.url("/post")), "not a site yet");

        HttpResponse<String> created = createSite("blog", blog.url("/"));

        assertEquals(201, created.statusCode(), created.body());
        assertEquals("/admin/api/sites/blog", created.headers().firstValue("Location").orElseThrow());
        assertTrue(pingback.ping(source("/now", blog.url("/post")), blog.url("/post")).contains("registered"));
        linkback.restart();
        pingback = new PingbackClient(linkback.url("/xmlrpc"));
        assertTrue(pingback.ping(source("/after-restart", blog.url("/post")), blog.url("/post")).contains("registered"));
        assertTrue(linkback.get("/backlinks.json?site=blog").body().contains(sources.url("/after-restart")));
    }

    @Test
    void aDeletedSiteTakesNoMorePingsAndItsBacklinksStayForExport() throws Exception {
        createSite("blog", blog.url("/"));
        PingbackClient pingback = new PingbackClient(linkback.url("/xmlrpc"));
        pingback.ping(source("/kept", blog.url("/post")), blog.url("/post"));

        assertEquals(204, api("DELETE", "/admin/api/sites/blog", null).statusCode());

        assertEquals(33, pingback.faultOf(source("/late", blog.url("/post")), blog.url("/post")));
        HttpResponse<String> webmention = Http.postForm(linkback.url("/webmention"), "source=" + sources.url("/late") + "&target="
                                                                                      + blog.url("/post"));
        assertEquals(400, webmention.statusCode(), webmention.body());
        String trackback = Http.postForm(linkback.url("/trackback?target=" + blog.url("/post")), "url=" + sources.url("/late")).body();
        assertTrue(trackback.contains("<error>1</error>"), trackback);
        String export = api("GET", "/admin/api/transfer/export?site=blog", null).body();
        assertTrue(export.contains(sources.url("/kept")), "its backlinks can still be exported: " + export);
        assertEquals(409, createSite("blog", "https://elsewhere.example/").statusCode(), "a deleted site's name stays taken");
        assertEquals(404, api("DELETE", "/admin/api/sites/blog", null).statusCode());

        HttpResponse<String> purged = api("DELETE", "/admin/api/sites/blog?purge=true", null);
        assertEquals(200, purged.statusCode(), purged.body());
        assertEquals(1, JSON.readTree(purged.body()).path("purged").asInt());
        assertTrue(api("GET", "/admin/api/mentions?site=blog", null).body().contains("\"items\":[]"), "its backlinks are gone");
        assertEquals(201, createSite("blog", "https://elsewhere.example/").statusCode(), "and its name is free");
    }

    @Test
    void badOrOverlappingSitesAreRefused() throws Exception {
        assertEquals(201, api("POST", "/admin/api/sites", "{\"name\":\"blog\",\"baseUrl\":\"" + blog.url("/journal") + "\","
                                                          + "\"aliases\":[\"https://www.blog.example/\"]}").statusCode());
        JsonNode shown = JSON.readTree(api("GET", "/admin/api/sites/blog", null).body());
        assertEquals(blog.url("/journal/"), shown.path("baseUrl").asText(), "canonical, ending in a slash");

        assertEquals(400, createSite("ftp", "ftp://blog.example/").statusCode());
        assertEquals(400, createSite("Not A Slug", "https://fine.example/").statusCode());
        assertEquals(400, createSite("query", "https://fine.example/?p=1").statusCode());
        assertEquals(400, createSite("self", "http://linkback.test/").statusCode(), "this server's own address");
        assertEquals(409, createSite("blog", "https://other.example/").statusCode(), "the name is taken");
        assertEquals(409, createSite("under", blog.url("/journal/2024/")).statusCode(), "under another site's base URL");
        assertEquals(409, createSite("above", blog.url("/")).statusCode(), "above another site's base URL");
        assertEquals(409, createSite("alias", "https://www.blog.example/").statusCode(), "another site's alias");
        assertEquals(409, createSite("configured", configured.url("/blog/")).statusCode(), "a site of the YAML file");
        assertEquals(201, createSite("beside", blog.url("/notes/")).statusCode(), "beside it on the same host is fine");
    }

    @Test
    void theYamlFilesSitesAreAppliedAtEveryStart() throws Exception {
        JsonNode sites = JSON.readTree(api("GET", "/admin/api/sites", null).body());
        assertEquals("test", sites.path("items").get(0).path("name").asText());
        assertEquals("config", sites.path("items").get(0).path("origin").asText());

        HttpResponse<String> patched = api("PATCH", "/admin/api/sites/test", "{\"title\":\"Changed at runtime\"}");
        assertEquals(200, patched.statusCode(), patched.body());
        assertEquals("Changed at runtime", JSON.readTree(patched.body()).path("title").asText());
        linkback.restart();

        assertEquals("Test Blog", JSON.readTree(api("GET", "/admin/api/sites/test", null).body()).path("title").asText(),
                     "the file's title again");
    }

    @Test
    void aSiteCreatedThroughOneProcessTakesPingsInTheOtherWithinTwoSeconds() throws Exception {
        Process secondProcess = null;
        TestLinkback secondInProcess = null;
        try {
            String second;
            if (TestDatabase.onPostgres()) {
                secondProcess = ServerProcess.start(linkback.configForAnotherProcess());
                second = "http://127.0.0.1:" + ServerProcess.portOf(secondProcess);
            } else {
                secondInProcess = linkback.sibling(); // an embedded database belongs to one JVM
                second = secondInProcess.url("");
            }
            PingbackClient other = new PingbackClient(second + "/xmlrpc");
            String target = blog.url("/post");
            assertEquals(33, other.faultOf(source("/before", target), target));

            assertEquals(201, createSite("blog", blog.url("/")).statusCode());

            String source = source("/soon", target);
            Await.until(Duration.ofSeconds(2), () -> {
                try {
                    other.ping(source, target);
                    return true;
                } catch (XmlRpcException e) {
                    assertEquals(33, e.code, e.getMessage());
                    return false;
                }
            }, "the other process takes pings for the new site");
            assertTrue(api("GET", "/admin/api/mentions?site=blog", null).body().contains(source));
        } finally {
            if (secondProcess != null) {
                secondProcess.destroy();
                secondProcess.waitFor();
            }
            if (secondInProcess != null) {
                secondInProcess.close();
            }
        }
    }
}
