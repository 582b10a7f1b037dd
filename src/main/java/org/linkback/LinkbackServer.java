package org.linkback;

import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;

import io.helidon.config.Config;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.openapi.OpenApiFeature;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

import org.linkback.admin.Admin;
import org.linkback.config.LinkbackConfig;
import org.linkback.http.ClientAddress;
import org.linkback.http.ConnectionClose;
import org.linkback.http.HeaderDeadline;
import org.linkback.http.RequestLimit;
import org.linkback.store.Database;

/**
 * The web server: configures Helidon's, routes requests to the services {@link Components}
 * built ({@link #routing}: every path in one place), starts and stops.
 */
public final class LinkbackServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LinkbackServer.class.getName());
    /** Largest request body the web server reads at all; endpoints set smaller limits of their own. */
    private static final long MAX_PAYLOAD = 1_048_576;
    /** Served by Helidon's ObserveFeature; named here for the start-up log line. */
    /** The OpenAPI 3.1 document of every endpoint, served by Helidon's OpenApiFeature at /openapi. */
    public static final String OPENAPI_DOCUMENT = "META-INF/openapi.yml";

    private final Components components;
    private final HeaderDeadline headerDeadline;
    private final WebServer webServer;

    private LinkbackServer(Components components, HeaderDeadline headerDeadline, WebServer webServer) {
        this.components = components;
        this.headerDeadline = headerDeadline;
        this.webServer = webServer;
    }

    /**
     * Migrates the database and starts serving. If anything fails to start, what was opened is
     * closed again before the failure is thrown.
     *
     * @param root the whole configuration (with {@code server} and {@code linkback} sections)
     */
    public static LinkbackServer start(Config root) {
        return start(root, Clock.systemUTC());
    }

    /**
     * {@link #start(Config)} on a clock of the caller's: the job queues, cluster leases, the sweep,
     * feed versions, rate limits and the backlinks' times read it (tests move it instead of sleeping).
     */
    public static LinkbackServer start(Config root, Clock clock) {
        LinkbackConfig config = LinkbackConfig.from(root);
        Components components = new Components(config, clock);
        HeaderDeadline headerDeadline = null;
        try {
            headerDeadline = new HeaderDeadline(config.limits().headerTimeout()).start();
            WebServer webServer = WebServer.builder()
                    // idle keep-alive connections (and ones stuck in their request line) close after 30 s
                    .idleConnectionTimeout(Duration.ofSeconds(30))
                    .idleConnectionPeriod(Duration.ofSeconds(5))
                    .config(root.get("server"))
                    // Nagle's algorithm held the last segment of a large answer until the client's
                    // delayed ACK (40 ms): feeds of 50 KB ran at 1,100/s with a p50 of 44 ms.
                    .connectionOptions(options -> options.tcpNoDelay(true))
                    .maxPayloadSize(MAX_PAYLOAD)
                    .addProtocol(Http1Config.builder().addReceiveListener(headerDeadline).build())
                    .addFeature(observe(components.database()))
                    .addFeature(healthWherePeopleLook(components.database()))
                    // GET /openapi: the API description kept beside the code (YAML, or JSON when asked)
                    .addFeature(OpenApiFeature.builder().staticFile(OPENAPI_DOCUMENT).build())
                    .routing(routing -> routing(routing, components))
                    .build()
                    .start();
            if (!webServer.isRunning()) {
                // Helidon logs a failed listen (address in use, or not ours) and returns a stopped server
                throw new IllegalStateException("the web server could not listen on " + root.get("server.host").asString().orElse("0.0.0.0")
                                                + ":" + root.get("server.port").asInt().orElse(8080) + " (see the log above)");
            }
            LOG.info(() -> "linkback serving " + config.sites().all().size() + " site(s) on port " + webServer.port()
                           + ", public URL " + config.publicUrl() + ", health at " + config.publicUrl() + "/health"
                           + (config.adminToken().isEmpty() ? "" : ", admin at " + config.publicUrl() + "/admin/"));
            return new LinkbackServer(components, headerDeadline, webServer);
        } catch (RuntimeException e) {
            if (headerDeadline != null) {
                headerDeadline.close();
            }
            components.close();
            throw e;
        }
    }

    /**
     * Every filter and every service, with the path it is registered under; the services route
     * paths relative to it. Filters run first, in this order.
     */
    public static void routing(HttpRouting.Builder routing, Components c) {
        LinkbackConfig config = c.config();
        Admin admin = c.admin();
        routing.addFilter(ConnectionClose.whenAsked())
                .addFilter(ClientAddress.trustingProxies(config.trustedProxies()))
                .addFilter(RequestLimit.perClientIp(config.limits().requestsPerMinutePerIp(), c.clock()))
                .register("/xmlrpc", c.pingback())
                .register("/trackback", c.trackback())
                .register("/webmention", c.webmention())
                .register("/discovery", c.discovery())
                .register("/", c.feeds(), c.widget())
                // the token check first: no admin API route runs without it
                .register("/admin/api", admin.authorization())
                .register("/admin/api/sites", admin.sites())
                .register("/admin/api/mentions", admin.backlinks())
                .register("/admin/api/blocklist", admin.blocklist())
                .register("/admin/api/audit", admin.audit())
                .register("/admin/api/overview", admin.overview())
                .register("/admin/api", admin.outbound()) // /send and /outbound
                .register("/admin/api/webhooks", admin.webhooks())
                .register("/admin/api/transfer", admin.adminOnly(), admin.transfer())
                .register("/signup", c.signup())
                .register("/mail", c.mail().pages())
                .get("/.well-known/webfinger", c.fediverse().webfinger())
                .register("/ap", c.fediverse().service())
                .get("/admin", (req, res) -> res.status(Status.MOVED_PERMANENTLY_301).header(HeaderNames.LOCATION, "/admin/").send())
                .register("/admin", admin.page());
    }

    private static ObserveFeature observe(Database database) {
        return ObserveFeature.just(health(database), MetricsObserver.create());
    }

    /** The same health at {@code /health} ({@code /health/live}, {@code /health/ready}), where people look first. */
    private static ObserveFeature healthWherePeopleLook(Database database) {
        return ObserveFeature.builder().name("health-at-root").endpoint("/").addObserver(health(database)).build();
    }

    private static HealthObserver health(Database database) {
        return HealthObserver.builder()
                .details(true)
                .addCheck(() -> HealthCheckResponse.builder().status(database.isUp()).build(), HealthCheckType.READINESS, "database")
                .build();
    }

    public int port() {
        return webServer.port();
    }

    @Override
    public void close() {
        webServer.stop();
        headerDeadline.close();
        components.close();
    }
}
