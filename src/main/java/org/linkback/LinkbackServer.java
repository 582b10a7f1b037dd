package org.linkback;

import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;

import io.helidon.config.Config;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

import org.linkback.admin.Admin;
import org.linkback.audit.AuditLog;
import org.linkback.config.LinkbackConfig;
import org.linkback.discovery.DiscoveryService;
import org.linkback.feed.PublishedBacklinks;
import org.linkback.feed.FeedService;
import org.linkback.fetch.SafeFetcher;
import org.linkback.http.CacheableAnswer;
import org.linkback.http.ClientAddress;
import org.linkback.http.ConnectionClose;
import org.linkback.http.HeaderDeadline;
import org.linkback.http.RequestLimit;
import org.linkback.pingback.PingbackService;
import org.linkback.queue.JobQueue;
import org.linkback.queue.JobWorker;
import org.linkback.webhook.WebhookSender;
import org.linkback.webhook.Webhooks;
import org.linkback.receive.LinkReceiver;
import org.linkback.receive.PingLog;
import org.linkback.receive.Recheck;
import org.linkback.receive.SourceCheck;
import org.linkback.receive.Sweep;
import org.linkback.send.FeedWatcher;
import org.linkback.send.Outbox;
import org.linkback.spam.Blocklist;
import org.linkback.spam.SenderHistory;
import org.linkback.spam.SpamScorer;
import org.linkback.store.Database;
import org.linkback.backlink.BacklinkStore;
import org.linkback.trackback.TrackbackService;
import org.linkback.verify.Verifier;
import org.linkback.webmention.WebmentionService;
import org.linkback.widget.WidgetService;

/**
 * Wires linkback together: database, fetcher, verifier, receiver, and the HTTP endpoints.
 */
public final class LinkbackServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LinkbackServer.class.getName());
    /** Largest request body the web server reads at all; endpoints set smaller limits of their own. */
    private static final long MAX_PAYLOAD = 1_048_576;
    /** Served by Helidon's ObserveFeature; named here for the start-up log line. */
    private static final String HEALTH_PATH = "/observe/health";

    private final Database database;
    private final SafeFetcher fetcher;
    private final AuditLog audit;
    /** Threads of our own that run beside the web server: stopped before the database closes. */
    private final List<AutoCloseable> workers;
    private final WebServer webServer;

    private LinkbackServer(Database database, AuditLog audit, List<AutoCloseable> workers, SafeFetcher fetcher, WebServer webServer) {
        this.database = database;
        this.fetcher = fetcher;
        this.audit = audit;
        this.workers = workers;
        this.webServer = webServer;
    }

    /**
     * Migrates the database and starts serving. If anything fails to start, what was opened is
     * closed again before the failure is thrown.
     *
     * @param root the whole configuration (with {@code server} and {@code linkback} sections)
     */
    public static LinkbackServer start(Config root) {
        LinkbackConfig config = LinkbackConfig.from(root);
        Database database = Database.open(config.database());
        AuditLog audit = null;
        SafeFetcher fetcher = null;
        JobWorker worker = null;
        JobWorker sender = null;
        JobWorker webhookSender = null;
        FeedWatcher feeds = null;
        Sweep sweep = null;
        HeaderDeadline headerDeadline = null;
        try {
            audit = new AuditLog(database, config.moderation().auditRetention()).start();
            Blocklist blocklist = new Blocklist(database);
            fetcher = new SafeFetcher(config.fetch(), config.publicUrl(), config.sites().origins(), blocklist::blocksAddress);
            BacklinkStore store = new BacklinkStore(database);
            PingLog pingLog = new PingLog(audit);
            JobQueue queue = JobQueue.checks(database);
            JobQueue webhookJobs = JobQueue.webhooks(database);
            Webhooks webhooks = new Webhooks(database, config.webhooks(), webhookJobs);
            webhookSender = new JobWorker(webhookJobs, new WebhookSender(database, fetcher, config.webhooks()), config.queue()).start();
            Verifier verifier = new Verifier();
            SourceCheck sourceCheck = new SourceCheck(config, fetcher, verifier, new SenderHistory(database), SpamScorer.standard());
            LinkReceiver receiver = new LinkReceiver(config, database, store, queue, blocklist, sourceCheck, pingLog, webhooks);
            JobQueue.enqueueOrphans(database); // every kind of job left without one when a process died
            worker = new JobWorker(queue, new Recheck(database, store, config.sites(), sourceCheck, pingLog, webhooks), config.queue())
                    .start();
            sweep = new Sweep(database, queue, config.sweepInterval()).start();
            JobQueue sends = JobQueue.sends(database);
            Outbox outbox = new Outbox(config, database, fetcher, verifier, sends);
            sender = new JobWorker(sends, outbox, config.queue()).start();
            feeds = new FeedWatcher(config.sites(), database, fetcher, outbox, config.send().feedPollInterval()).start();
            PublishedBacklinks backlinks = new PublishedBacklinks(database, config.sites());
            CacheableAnswer cacheable = new CacheableAnswer(config.widgetMaxAge());
            String publicUrl = config.publicUrl().toString();
            AuditLog auditLog = audit;
            SafeFetcher safeFetcher = fetcher;

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
                    .addFeature(observe(database))
                    .routing(r -> r
                            .addFilter(ConnectionClose.whenAsked())
                            .addFilter(ClientAddress.trustingProxies(config.trustedProxies()))
                            .addFilter(RequestLimit.perClientIp(config.limits().requestsPerMinutePerIp()))
                            .register("/xmlrpc", new PingbackService(receiver, backlinks, config.limits().xmlRpcMaxBytes()))
                            .register("/trackback", new TrackbackService(receiver, backlinks, cacheable, publicUrl))
                            .register("/webmention", new WebmentionService(receiver, store))
                            .register("/discovery", new DiscoveryService(config.sites(), config.publicUrl(), safeFetcher, verifier))
                            .register("/", new FeedService(backlinks, cacheable, publicUrl), new WidgetService(backlinks, cacheable, config.widgetAvatars()))
                            .update(routing -> Admin.register(routing, config.adminToken(),
                                                              config.publicUrl().getScheme().equals("https"),
                                                              database, config.sites(), store, blocklist, auditLog, outbox, webhooks)))
                    .build()
                    .start();
            if (!webServer.isRunning()) {
                // Helidon logs a failed listen (address in use, or not ours) and returns a stopped server
                throw new IllegalStateException("the web server could not listen on " + root.get("server.host").asString().orElse("0.0.0.0")
                                                + ":" + root.get("server.port").asInt().orElse(8080) + " (see the log above)");
            }
            LOG.info(() -> "linkback serving " + config.sites().all().size() + " site(s) on port " + webServer.port()
                           + ", public URL " + config.publicUrl() + ", health at " + config.publicUrl() + HEALTH_PATH);
            return new LinkbackServer(database, audit, List.of(headerDeadline, sweep, feeds, worker, sender, webhookSender), fetcher,
                                      webServer);
        } catch (RuntimeException e) {
            closeQuietly(headerDeadline);
            closeQuietly(sweep);
            closeQuietly(feeds);
            closeQuietly(sender);
            closeQuietly(webhookSender);
            closeQuietly(worker);
            closeQuietly(fetcher);
            closeQuietly(audit);
            database.close();
            throw e;
        }
    }

    private static ObserveFeature observe(Database database) {
        return ObserveFeature.just(
                HealthObserver.builder()
                        .details(true)
                        .addCheck(() -> HealthCheckResponse.builder().status(database.isUp()).build(),
                                  HealthCheckType.READINESS, "database")
                        .build(),
                MetricsObserver.create());
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.fine(() -> "closing after a failed start: " + e);
        }
    }

    public int port() {
        return webServer.port();
    }

    @Override
    public void close() {
        webServer.stop();
        workers.forEach(LinkbackServer::closeQuietly);
        fetcher.close();
        audit.close();
        database.close();
    }
}
