package org.linkback;

import java.util.logging.Logger;

import io.helidon.config.Config;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

import org.linkback.config.LinkbackConfig;
import org.linkback.feed.FeedService;
import org.linkback.fetch.SafeFetcher;
import org.linkback.pingback.PingbackService;
import org.linkback.receive.LinkReceiver;
import org.linkback.store.Database;
import org.linkback.store.MentionStore;
import org.linkback.verify.Verifier;

/**
 * Wires linkback together: database, fetcher, verifier, receiver, and the HTTP endpoints.
 */
public final class LinkbackServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LinkbackServer.class.getName());
    /** Largest request body the web server reads at all; endpoints set smaller limits of their own. */
    private static final long MAX_PAYLOAD = 1_048_576;

    private final Database database;
    private final WebServer webServer;

    private LinkbackServer(Database database, WebServer webServer) {
        this.database = database;
        this.webServer = webServer;
    }

    /**
     * Migrates the database and starts serving.
     *
     * @param root the whole configuration (with {@code server} and {@code linkback} sections)
     */
    public static LinkbackServer start(Config root) {
        LinkbackConfig config = LinkbackConfig.from(root);
        Database database = Database.open(config.database());
        MentionStore store = new MentionStore(database);
        SafeFetcher fetcher = new SafeFetcher(config.fetch(), config.publicUrl(), config.sites().origins());
        LinkReceiver receiver = new LinkReceiver(config, fetcher, new Verifier(), store);

        ObserveFeature observe = ObserveFeature.just(
                HealthObserver.builder()
                        .details(true)
                        .addCheck(() -> HealthCheckResponse.builder().status(database.isUp()).build(),
                                  HealthCheckType.READINESS, "database")
                        .build(),
                MetricsObserver.create());

        WebServer webServer = WebServer.builder()
                .config(root.get("server"))
                .maxPayloadSize(MAX_PAYLOAD)
                .addFeature(observe)
                .routing(r -> r
                        .register("/xmlrpc", new PingbackService(receiver, store, config.sites(),
                                                                 config.limits().xmlRpcMaxBytes()))
                        .register(new FeedService(store, config.sites(), config.publicUrl())))
                .build()
                .start();
        LOG.info(() -> "linkback serving " + config.sites().all().size() + " site(s) on port " + webServer.port()
                       + ", public URL " + config.publicUrl());
        return new LinkbackServer(database, webServer);
    }

    public int port() {
        return webServer.port();
    }

    @Override
    public void close() {
        webServer.stop();
        database.close();
    }
}
