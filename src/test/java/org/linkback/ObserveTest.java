package org.linkback;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.linkback.testing.PageServer;
import org.linkback.testing.PingbackClient;
import org.linkback.testing.TestLinkback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Operations: health says whether the database answers; metrics count pings.
 */
class ObserveTest {

    @Test
    void healthAndMetricsAreServed() {
        try (PageServer blogs = new PageServer();
             TestLinkback linkback = TestLinkback.start(TestLinkback.Settings.forSite(blogs.url("/blog/")))) {
            HttpResponse<String> health = linkback.get("/observe/health");
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("\"database\""), health.body());
            assertTrue(health.body().contains("UP"), health.body());

            for (String path : new String[] {"/health", "/health/ready", "/health/live"}) {
                HttpResponse<String> sameHealth = linkback.get(path);
                assertEquals(200, sameHealth.statusCode(), path);
                assertTrue(sameHealth.body().contains("UP"), path + ": " + sameHealth.body());
            }
            assertTrue(linkback.get("/health/ready").body().contains("\"database\""), "readiness checks the database");

            new PingbackClient(linkback.url("/xmlrpc")).faultOf("http://a.example/", "http://elsewhere.example/");

            HttpResponse<String> metrics = linkback.get("/observe/metrics", "Accept", "text/plain");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("linkback_pings_total{kind=\"pingback\",outcome=\"refused\""), metrics.body());
        }
    }
}
