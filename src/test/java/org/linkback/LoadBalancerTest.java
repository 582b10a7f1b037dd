package org.linkback;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.linkback.testing.Nginx;
import org.linkback.testing.Http;
import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment docs/deployment.md describes, for real: Debian's nginx with the sample
 * configuration docs/nginx-linkback.conf in front of two linkback servers on one database.
 */
class LoadBalancerTest {

    @Test
    void nginxWithTheSampleConfigurationSpreadsPingsOverBothProcessesAndSurvivesOneStopping() throws Exception {
        Assumptions.assumeTrue(Nginx.installed(), "SKIPPED: nginx is not installed (apt-get install -y nginx)");
        try (PageServer blogs = new PageServer();
             TestLinkback first = TestLinkback.start(TestLinkback.Settings.forSite(blogs.url("/blog/")))) {
            TestLinkback second = first.sibling();
            blogs.html("/blog/post", "<p>article</p>");
            String post = blogs.url("/blog/post");
            try (Nginx nginx = Nginx.balancing(portOf(first), portOf(second))) {
                String front = "http://127.0.0.1:" + nginx.port;
                for (int i = 0; i < 12; i++) {
                    blogs.html("/notes/" + i, "<p><a href=\"" + post + "\">a note</a></p>");
                    HttpResponse<String> accepted = Http.postForm(front + "/webmention",
                                                             "source=" + encode(blogs.url("/notes/" + i)) + "&target=" + encode(post));
                    assertEquals(202, accepted.statusCode(), accepted.body());
                }
                blogs.html("/pinged", "<p><a href=\"" + post + "\">pinged</a></p>");
                new PingbackClient(front + "/xmlrpc").ping(blogs.url("/pinged"), post);

                assertTrue(queued(first) > 0 && queued(second) > 0,
                           "both processes took webmentions: " + queued(first) + " and " + queued(second));
                String feed = "/backlinks.json?target=" + encode(post);
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (items(Http.get(front + feed)) < 13 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertEquals(13, items(Http.get(front + feed)), "every backlink, whoever checked it");

                second.close(); // one process stops: nginx sends everything to the other
                for (int i = 0; i < 6; i++) {
                    blogs.html("/later/" + i, "<p><a href=\"" + post + "\">later</a></p>");
                    assertEquals(202, Http.postForm(front + "/webmention",
                                               "source=" + encode(blogs.url("/later/" + i)) + "&target=" + encode(post)).statusCode());
                    assertEquals(200, Http.get(front + feed).statusCode());
                }
            } finally {
                second.close();
            }
        }
    }

    private static int portOf(TestLinkback linkback) {
        return URI.create(linkback.url("/")).getPort();
    }

    /** Webmentions this process queued, from its own metrics. */
    private static double queued(TestLinkback linkback) {
        Matcher m = Pattern.compile("linkback_pings_total\\{[^}]*kind=\"webmention\"[^}]*outcome=\"queued\"[^}]*} ([0-9.E]+)")
                .matcher(linkback.get("/observe/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static int items(HttpResponse<String> feed) throws Exception {
        return new ObjectMapper().readTree(feed.body()).path("items").size();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
