package org.linkback;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

import io.helidon.webserver.http.HttpService;

import org.linkback.activitypub.Fediverse;
import org.linkback.admin.Admin;
import org.linkback.audit.AuditLog;
import org.linkback.backlink.Backlinks;
import org.linkback.config.LinkbackConfig;
import org.linkback.config.Site;
import org.linkback.config.Sites;
import org.linkback.discovery.DiscoveryService;
import org.linkback.feed.FeedService;
import org.linkback.feed.FeedVersions;
import org.linkback.feed.PublishedBacklinks;
import org.linkback.fetch.SafeFetcher;
import org.linkback.http.CacheableAnswer;
import org.linkback.i18n.Translations;
import org.linkback.mail.Mail;
import org.linkback.pingback.PingbackService;
import org.linkback.queue.JobQueue;
import org.linkback.queue.JobWorker;
import org.linkback.receive.LinkReceiver;
import org.linkback.receive.PingLog;
import org.linkback.receive.Recheck;
import org.linkback.receive.SourceCheck;
import org.linkback.receive.Sweep;
import org.linkback.send.FeedWatcher;
import org.linkback.send.Outbox;
import org.linkback.signup.Signup;
import org.linkback.signup.SignupService;
import org.linkback.site.OwnerTokens;
import org.linkback.site.SiteDirectory;
import org.linkback.spam.Blocklist;
import org.linkback.spam.LearnedSpam;
import org.linkback.spam.SenderHistory;
import org.linkback.spam.SpamScorer;
import org.linkback.store.Database;
import org.linkback.trackback.TrackbackService;
import org.linkback.url.Urls;
import org.linkback.verify.Verifier;
import org.linkback.webhook.WebhookSender;
import org.linkback.webhook.Webhooks;
import org.linkback.webmention.WebmentionService;
import org.linkback.widget.WidgetService;

/**
 * Everything behind the web server, built once and in order: the database, the audit log, the
 * fetcher, the queues and their workers, the background tasks, and the HTTP services that
 * {@link LinkbackServer#routing} registers. {@link #close()} closes what was opened in reverse
 * order (workers before the fetcher, the audit log and the database); so does a failed start.
 */
public final class Components implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Components.class.getName());

    private final LinkbackConfig config;
    private final Clock clock;
    private final Database database;
    /** What was opened or started, newest first: closed in that order. */
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private final HttpService pingback;
    private final HttpService trackback;
    private final HttpService webmention;
    private final HttpService discovery;
    private final HttpService feeds;
    private final HttpService widget;
    private final Admin admin;
    private final HttpService signup;
    private final Fediverse fediverse;
    private final Mail mail;

    /** Migrates the database and starts the workers; if a part fails, what was opened is closed and the failure thrown. */
    public Components(LinkbackConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.database = opened(Database.open(config.database()));
        try {
            // the YAML file's sites into the database; from now on config.sites() is what the database holds
            SiteDirectory siteDirectory = opened(new SiteDirectory(database, config.sites(), config.publicUrl(), clock)
                                                         .start(config.sites().all()));
            AuditLog audit = opened(new AuditLog(database, config.moderation().auditRetention(), Components.siteOf(config.sites()))
                                            .start());
            Blocklist blocklist = new Blocklist(database);
            SafeFetcher fetcher = opened(new SafeFetcher(config.fetch(), config.publicUrl(), config.sites()::trustedOrigin,
                                                         blocklist::blocksAddress));
            PingLog pingLog = new PingLog(audit);
            JobQueue checks = JobQueue.checks(database, clock);
            JobQueue webhookJobs = JobQueue.webhooks(database, clock);
            Webhooks webhooks = new Webhooks(database, config.webhooks(), webhookJobs, clock);
            FeedVersions feedVersions = new FeedVersions(database, clock);
            LearnedSpam learned = new LearnedSpam(database, config.moderation().learnedMinExamples());
            Translations translations = Translations.load();
            Mail mail = opened(new Mail(config, database, config.sites(), translations, clock));
            // the one write path of backlinks: a change bumps its feeds, fires its webhook events, teaches the learned filter,
            // notes what someone should hear of by email
            Backlinks writePath = new Backlinks(database, audit, clock, List.of(feedVersions, webhooks, learned, mail.listener()));
            this.mail = mail.start(writePath, config.queue());
            opened(new JobWorker("webhooks", webhookJobs, new WebhookSender(database, fetcher, config.webhooks()), config.queue())
                           .start());
            Verifier verifier = new Verifier();
            SourceCheck sourceCheck = new SourceCheck(config, fetcher, verifier, new SenderHistory(database), SpamScorer.learning(learned));
            LinkReceiver receiver = new LinkReceiver(config, database, writePath, checks, blocklist, sourceCheck, pingLog, clock);
            JobQueue.enqueueOrphans(database, clock); // start-up recovery: every kind of job left without one
            opened(new JobWorker("checks", checks, new Recheck(database, writePath, config.sites(), sourceCheck, pingLog),
                                 config.queue()).start());
            opened(new Sweep(database, writePath, checks, config.sweepInterval(), clock).start());
            JobQueue sends = JobQueue.sends(database, clock);
            Outbox outbox = new Outbox(config, database, fetcher, verifier, sends);
            opened(new JobWorker("sends", sends, outbox, config.queue()).start());
            // every site an ActivityPub actor: its inboxes take replies, likes and boosts; new articles go to its followers
            Fediverse fediverse = opened(new Fediverse(config, config.sites(), database, fetcher, receiver, blocklist, clock).start());
            opened(new FeedWatcher(config.sites(), database, fetcher, outbox, config.send().feedPollInterval(), clock)
                           .listen(fediverse.publisher()).start());
            this.fediverse = fediverse;

            PublishedBacklinks backlinks = new PublishedBacklinks(database, feedVersions, config.sites());
            CacheableAnswer cacheable = new CacheableAnswer(config.widgetMaxAge());
            String publicUrl = config.publicUrl().toString();
            this.pingback = new PingbackService(receiver, backlinks, config.limits().xmlRpcMaxBytes());
            this.trackback = new TrackbackService(receiver, backlinks, cacheable, publicUrl);
            this.webmention = new WebmentionService(receiver, writePath);
            this.discovery = new DiscoveryService(config.sites(), config.publicUrl(), fetcher, verifier);
            this.feeds = new FeedService(backlinks, cacheable, publicUrl);
            this.widget = new WidgetService(backlinks, cacheable, config.widgetAvatars(), translations);
            OwnerTokens owners = new OwnerTokens(database, clock);
            this.signup = new SignupService(config.signup().enabled(), new Signup(database, audit, siteDirectory, owners, fetcher, mail, clock),
                                            config.publicUrl(), config.signup().claimsPerHourPerIp(), clock);
            this.admin = Admin.create(config.adminToken(), config.signup().enabled(), config.publicUrl().getScheme().equals("https"),
                                      database, siteDirectory, owners, writePath, blocklist, audit, outbox,
                                      webhooks, fetcher, config.moderation().listRefresh(), learned, translations, mail.choices(), clock);
            opened(admin.running()); // the followed blocklists' refresher
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The name of the site a target URL (as sent) lies on, or null. */
    private static UnaryOperator<String> siteOf(Sites sites) {
        return target -> Urls.parseCanonical(target).flatMap(sites::siteOf).map(Site::name).orElse(null);
    }

    private <T extends AutoCloseable> T opened(T part) {
        opened.push(part);
        return part;
    }

    public LinkbackConfig config() {
        return config;
    }

    /** What every part reads the time from. */
    public Clock clock() {
        return clock;
    }

    public Database database() {
        return database;
    }

    public HttpService pingback() {
        return pingback;
    }

    public HttpService trackback() {
        return trackback;
    }

    public HttpService webmention() {
        return webmention;
    }

    public HttpService discovery() {
        return discovery;
    }

    public HttpService feeds() {
        return feeds;
    }

    public HttpService widget() {
        return widget;
    }

    public Admin admin() {
        return admin;
    }

    public HttpService signup() {
        return signup;
    }

    /** Email: the people's choices, the sign-up email, the pages of the emails' links. */
    public Mail mail() {
        return mail;
    }

    public Fediverse fediverse() {
        return fediverse;
    }

    /** Closes every part, newest first; a part that fails to close does not keep the others open. */
    @Override
    public void close() {
        while (!opened.isEmpty()) {
            closeQuietly(opened.pop());
        }
    }

    private static void closeQuietly(AutoCloseable part) {
        try {
            part.close();
        } catch (Exception e) {
            LOG.warning(() -> "could not close " + part.getClass().getSimpleName() + ": " + e);
        }
    }
}
