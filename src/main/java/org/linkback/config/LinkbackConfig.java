package org.linkback.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import org.linkback.url.Urls;

/**
 * The {@code linkback:} part of the configuration, read once at start-up.
 * Keys and defaults are those of the contract; environment variables and system
 * properties override the file (Helidon's default sources).
 */
public record LinkbackConfig(URI publicUrl,
                             Database database,
                             Sites sites,
                             Fetch fetch,
                             Moderation moderation,
                             Limits limits,
                             Queue queue,
                             Send send,
                             Duration sweepInterval,
                             Duration widgetMaxAge,
                             boolean widgetAvatars,
                             Set<String> trustedProxies,
                             String adminToken,
                             List<Webhook> webhooks,
                             Signup signup,
                             Fediverse fediverse,
                             Mail mail) {

    /** The events a webhook can ask for. */
    public static final Set<String> WEBHOOK_EVENTS = Set.of("backlink.created", "backlink.updated", "backlink.status-changed",
                                                            "backlink.deleted");

    /**
     * Where to tell of changes to backlinks (Standard Webhooks).
     *
     * @param secret {@code whsec_} and the base64 of the signing key
     * @param events which of {@link #WEBHOOK_EVENTS} it wants
     * @param sites  the sites it wants to hear of; empty for all
     */
    public record Webhook(URI url, String secret, Set<String> events, Set<String> sites) {

        /** The signing key: the base64 after {@code whsec_}. */
        public byte[] key() {
            return java.util.Base64.getDecoder().decode(secret.substring("whsec_".length()));
        }
    }

    public record Database(String url, String username, String password) {
        public static final Database DEFAULT = new Database("jdbc:hsqldb:file:data/linkback", "SA", "");
    }

    public record Fetch(Duration connectTimeout,
                        Duration readTimeout,
                        int maxBytes,
                        int maxRedirects,
                        boolean allowPrivateAddresses,
                        int maxConcurrent,
                        int maxPerHost,
                        Duration perHostInterval) {
        public static final Fetch DEFAULT = new Fetch(Duration.ofMillis(3000), Duration.ofMillis(5000), 1_048_576, 5, false, 64, 2,
                                                      Duration.ofMillis(100));

        /** The usual limits with no concurrency limits to speak of (tests of single fetches). */
        public Fetch(Duration connectTimeout, Duration readTimeout, int maxBytes, int maxRedirects, boolean allowPrivateAddresses) {
            this(connectTimeout, readTimeout, maxBytes, maxRedirects, allowPrivateAddresses, 64, 2, Duration.ZERO);
        }
    }

    public enum ModerationDefault { APPROVE, HOLD }

    /**
     * @param defaultAction what a clean, verified backlink becomes (sites may override it)
     * @param spamThreshold a spam score at or above this makes a backlink spam
     * @param holdThreshold a score at or above this (and below spamThreshold) holds it as pending
     * @param auditRetention how long the audit log keeps entries
     * @param trustedSenders client IPs / networks / source hosts the burst rule never scores
     */
    /**
     * @param learnedMinExamples the learned filter scores nothing until it has seen this many spam and this many ham examples
     * @param listRefresh        how often followed shared blocklists are read again
     */
    public record Moderation(ModerationDefault defaultAction, double spamThreshold, double holdThreshold, Duration auditRetention,
                             TrustedSenders trustedSenders, int learnedMinExamples, Duration listRefresh) {
        public static final Moderation DEFAULT = new Moderation(ModerationDefault.APPROVE, 0.7, 0.3, Duration.ofDays(365),
                                                                TrustedSenders.NONE, 30, Duration.ofMinutes(360));
    }

    /**
     * Abuse limits that the contract leaves to us: pings per minute per client IP, per source host
     * (random query strings on one host count against that host) and per target article.
     */
    public record Limits(int pingsPerMinutePerIp, int pingsPerMinutePerSourceHost, int pingsPerMinutePerTarget, int xmlRpcMaxBytes,
                         Duration headerTimeout, int requestsPerMinutePerIp) {
        public static final Limits DEFAULT = new Limits(300, 300, 120, 65_536, Duration.ofMillis(10_000), 1200);
    }

    /**
     * The durable verification queue (webmentions): how often workers look for due jobs, how long
     * a claimed job stays theirs, and how transient failures are retried (exponential backoff).
     */
    public record Queue(Duration pollInterval, Duration lease, int workers,
                        Duration retryBase, Duration retryMax, int maxAttempts) {
        public static final Queue DEFAULT = new Queue(Duration.ofMillis(1000), Duration.ofMillis(300_000), 4,
                                                      Duration.ofMillis(60_000), Duration.ofMillis(6 * 3_600_000), 8);

        /** The wait before the next try after {@code failedAttempts} failed ones: base, 2×base, 4×base … capped. */
        public Duration backoff(int failedAttempts) {
            Duration delay = retryBase.multipliedBy(1L << Math.min(failedAttempts, 20));
            return delay.compareTo(retryMax) > 0 ? retryMax : delay;
        }
    }

    /**
     * Outgoing notifications ({@code ./linkback send}): how long to wait between two notifications
     * to one host, whether links to our own site are notified too, and how often sites' feeds
     * ({@code sites[].feed-url}) are polled for new and updated articles.
     */
    public record Send(Duration perHostInterval, boolean includeSameSite, Duration feedPollInterval) {
        public static final Send DEFAULT = new Send(Duration.ofMillis(1_000), false, Duration.ofMillis(900_000));
    }

    /** How often each approved backlink is verified again (the re-verification sweep); zero turns it off. */
    /**
     * Sign-up: anyone may claim a site by proving they own its domain (a meta tag on its page).
     *
     * @param claimsPerHourPerIp how many claims one client IP may start in an hour
     */
    public record Signup(boolean enabled, int claimsPerHourPerIp) {
        public static final Signup DEFAULT = new Signup(false, 10);
    }

    /**
     * The fediverse (each site an ActivityPub actor, {@code sites[].fediverse}).
     *
     * @param inboxMaxBytes              the largest activity an inbox takes (more: 413)
     * @param activitiesPerMinutePerHost activities one remote server may post to our inboxes a minute (more: 429)
     * @param deliveryWorkers            deliveries to other servers' inboxes running at once (one per server at a time)
     */
    public record Fediverse(int inboxMaxBytes, int activitiesPerMinutePerHost, int deliveryWorkers) {
        public static final Fediverse DEFAULT = new Fediverse(262_144, 600, 16);
    }

    /**
     * Email (issue 30): the SMTP server that takes our mail, who it comes from, the admin's
     * address, and each site's owner address ({@code sites[].notify}, read here with the other
     * mail settings). Without a host nothing is sent.
     *
     * @param starttls    upgrade a plain connection with STARTTLS, and refuse to send without it
     * @param tls         connect with TLS from the start (port 465)
     * @param admin       the admin's address (held backlinks at once, a daily digest), or "" for none
     * @param digestAt    when the daily digest goes out, UTC
     * @param siteNotify  a site's name to its owner's address, as the YAML file gives them
     */
    public record Mail(String host, int port, boolean starttls, boolean tls, String username, String password, String from,
                       String admin, LocalTime digestAt, Map<String, String> siteNotify) {
        public static final Mail DEFAULT = new Mail("", 587, true, false, "", "", "", "", LocalTime.of(7, 0), Map.of());

        /** Whether mail is sent at all: an SMTP host and a sender address are configured. */
        public boolean enabled() {
            return !host.isBlank() && !from.isBlank();
        }
    }

    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofDays(7);

    /** Where the world reaches this server when the configuration does not say. */
    public static final String DEFAULT_PUBLIC_URL = "http://localhost:8080";
    /** How long browsers may reuse feeds, the widget script and the embed page. */
    public static final Duration DEFAULT_WIDGET_MAX_AGE = Duration.ofSeconds(300);
    /** Whether the widget and the embed page show authors' avatars (images from other sites). */
    public static final boolean DEFAULT_WIDGET_AVATARS = true;

    /**
     * Loads a YAML file; environment variables and system properties take precedence.
     */
    public static Config load(Path file) {
        return Config.builder()
                .addSource(ConfigSources.file(file))
                .build();
    }

    /**
     * Reads the {@code linkback} section; every key missing there takes its default from the
     * records' {@code DEFAULT} constants, the one source of the defaults (the table of docs/configuration.md
     * and {@code conf/linkback.yaml} are checked against them by {@code ConfigDefaultsTest}).
     */
    public static LinkbackConfig from(Config root) {
        Config lb = root.get("linkback");
        Config db = lb.get("database");
        Config fetch = lb.get("fetch");
        Config moderation = lb.get("moderation");
        Config queue = lb.get("queue");
        List<Site> sites = lb.get("sites").asNodeList().orElse(List.of()).stream()
                .map(LinkbackConfig::site)
                .toList();
        String publicUrl = lb.get("public-url").asString().orElse(DEFAULT_PUBLIC_URL);
        Database dbDefault = Database.DEFAULT;
        Fetch fetchDefault = Fetch.DEFAULT;
        Moderation moderationDefault = Moderation.DEFAULT;
        Queue queueDefault = Queue.DEFAULT;
        return new LinkbackConfig(
                URI.create(publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl),
                new Database(db.get("url").asString().orElse(dbDefault.url()),
                             db.get("username").asString().orElse(dbDefault.username()),
                             db.get("password").asString().orElse(dbDefault.password())),
                new Sites(sites),
                new Fetch(millis(fetch, "connect-timeout-ms", fetchDefault.connectTimeout()),
                          millis(fetch, "read-timeout-ms", fetchDefault.readTimeout()),
                          fetch.get("max-bytes").asInt().orElse(fetchDefault.maxBytes()),
                          fetch.get("max-redirects").asInt().orElse(fetchDefault.maxRedirects()),
                          fetch.get("allow-private-addresses").asBoolean().orElse(fetchDefault.allowPrivateAddresses()),
                          fetch.get("max-concurrent").asInt().orElse(fetchDefault.maxConcurrent()),
                          fetch.get("max-per-host").asInt().orElse(fetchDefault.maxPerHost()),
                          millis(fetch, "per-host-interval-ms", fetchDefault.perHostInterval())),
                new Moderation(moderation.get("default").asString().map(LinkbackConfig::moderation)
                                       .orElse(moderationDefault.defaultAction()),
                               moderation.get("spam-threshold").asDouble().orElse(moderationDefault.spamThreshold()),
                               moderation.get("hold-threshold").asDouble().orElse(moderationDefault.holdThreshold()),
                               moderation.get("audit-retention-days").asLong().map(Duration::ofDays)
                                       .orElse(moderationDefault.auditRetention()),
                               moderation.get("trusted-senders").asList(String.class).map(TrustedSenders::parse)
                                       .orElse(moderationDefault.trustedSenders()),
                               moderation.get("learned-min-examples").asInt().orElse(moderationDefault.learnedMinExamples()),
                               moderation.get("list-refresh-minutes").asLong().map(Duration::ofMinutes)
                                       .orElse(moderationDefault.listRefresh())),
                new Limits(lb.get("limits.pings-per-minute-per-ip").asInt().orElse(Limits.DEFAULT.pingsPerMinutePerIp()),
                           lb.get("limits.pings-per-minute-per-source-host").asInt().orElse(Limits.DEFAULT.pingsPerMinutePerSourceHost()),
                           lb.get("limits.pings-per-minute-per-target").asInt().orElse(Limits.DEFAULT.pingsPerMinutePerTarget()),
                           lb.get("limits.xmlrpc-max-bytes").asInt().orElse(Limits.DEFAULT.xmlRpcMaxBytes()),
                           millis(lb.get("limits"), "header-timeout-ms", Limits.DEFAULT.headerTimeout()),
                           lb.get("limits.requests-per-minute-per-ip").asInt().orElse(Limits.DEFAULT.requestsPerMinutePerIp())),
                new Queue(millis(queue, "poll-ms", queueDefault.pollInterval()),
                          millis(queue, "lease-ms", queueDefault.lease()),
                          queue.get("workers").asInt().orElse(queueDefault.workers()),
                          millis(queue, "retry-base-ms", queueDefault.retryBase()),
                          millis(queue, "retry-max-ms", queueDefault.retryMax()),
                          queue.get("max-attempts").asInt().orElse(queueDefault.maxAttempts())),
                new Send(millis(lb.get("send"), "per-host-interval-ms", Send.DEFAULT.perHostInterval()),
                         lb.get("send.include-same-site").asBoolean().orElse(Send.DEFAULT.includeSameSite()),
                         millis(lb.get("send"), "feed-poll-ms", Send.DEFAULT.feedPollInterval())),
                millis(lb.get("sweep"), "interval-ms", DEFAULT_SWEEP_INTERVAL),
                lb.get("widget.max-age-seconds").asLong().map(Duration::ofSeconds).orElse(DEFAULT_WIDGET_MAX_AGE),
                lb.get("widget.avatars").asBoolean().orElse(DEFAULT_WIDGET_AVATARS),
                Set.copyOf(lb.get("trusted-proxies").asList(String.class).orElse(List.of())),
                adminToken(lb.get("admin.token").asString().orElse("")),
                lb.get("webhooks").asNodeList().orElse(List.of()).stream().map(LinkbackConfig::webhook).toList(),
                new Signup(lb.get("signup.enabled").asBoolean().orElse(Signup.DEFAULT.enabled()),
                           lb.get("signup.claims-per-hour-per-ip").asInt().orElse(Signup.DEFAULT.claimsPerHourPerIp())),
                new Fediverse(lb.get("fediverse.inbox-max-bytes").asInt().orElse(Fediverse.DEFAULT.inboxMaxBytes()),
                              lb.get("fediverse.activities-per-minute-per-host").asInt()
                                      .orElse(Fediverse.DEFAULT.activitiesPerMinutePerHost()),
                              lb.get("fediverse.delivery-workers").asInt().orElse(Fediverse.DEFAULT.deliveryWorkers())),
                mail(lb.get("mail"), lb.get("sites")));
    }

    private static Mail mail(Config mail, Config sites) {
        Mail d = Mail.DEFAULT;
        Map<String, String> notify = new LinkedHashMap<>();
        for (Config site : sites.asNodeList().orElse(List.of())) {
            site.get("notify").asString().filter(address -> !address.isBlank())
                    .ifPresent(address -> notify.put(site.get("name").asString().get(), address.strip()));
        }
        String digestAt = mail.get("digest-at").asString().orElse(d.digestAt().toString());
        LocalTime at;
        try {
            at = LocalTime.parse(digestAt);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("linkback.mail.digest-at is a time of day in UTC, e.g. \"07:00\", not " + digestAt);
        }
        return new Mail(mail.get("host").asString().orElse(d.host()).strip(),
                        mail.get("port").asInt().orElse(d.port()),
                        mail.get("starttls").asBoolean().orElse(d.starttls()),
                        mail.get("tls").asBoolean().orElse(d.tls()),
                        mail.get("username").asString().orElse(d.username()),
                        mail.get("password").asString().orElse(d.password()),
                        mail.get("from").asString().orElse(d.from()).strip(),
                        mail.get("admin").asString().orElse(d.admin()).strip(),
                        at, Map.copyOf(notify));
    }

    /** The least length of an admin token: a guess at 10 a minute must not find it. */
    public static final int MIN_ADMIN_TOKEN = 32;

    /** Empty (the admin off), or long enough not to be guessed. */
    private static String adminToken(String token) {
        if (!token.isEmpty() && token.length() < MIN_ADMIN_TOKEN) {
            throw new IllegalArgumentException("linkback.admin.token has " + token.length() + " characters; it needs at least "
                                               + MIN_ADMIN_TOKEN + " (e.g. the output of 'openssl rand -hex 32'), or none to turn the admin off");
        }
        return token;
    }

    private static Duration millis(Config section, String key, Duration otherwise) {
        return section.get(key).asLong().map(Duration::ofMillis).orElse(otherwise);
    }

    private static Webhook webhook(Config node) {
        String url = node.get("url").asString().orElseThrow(() -> new IllegalArgumentException("a webhook needs a url"));
        URI uri = Urls.parseHttp(url).orElseThrow(() -> new IllegalArgumentException("webhook url is not an http(s) URL: " + url));
        String secret = node.get("secret").asString().orElse("");
        try {
            if (!secret.startsWith("whsec_") || java.util.Base64.getDecoder().decode(secret.substring(6)).length < 16) {
                throw new IllegalArgumentException("too short");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook " + url + ": secret is whsec_ and the base64 of at least 16 random bytes");
        }
        Set<String> events = Set.copyOf(node.get("events").asList(String.class).orElse(List.copyOf(WEBHOOK_EVENTS)));
        for (String event : events) {
            if (!WEBHOOK_EVENTS.contains(event)) {
                throw new IllegalArgumentException("webhook " + url + ": unknown event " + event + "; events are " + WEBHOOK_EVENTS);
            }
        }
        return new Webhook(uri, secret, events, Set.copyOf(node.get("sites").asList(String.class).orElse(List.of())));
    }

    private static Site site(Config node) {
        String name = node.get("name").asString().get();
        String base = node.get("base-url").asString().get();
        URI baseUrl = Urls.parseHttp(base)
                .orElseThrow(() -> new IllegalArgumentException("site " + name + ": base-url is not an http(s) URL: " + base));
        URI feedUrl = node.get("feed-url").asString().map(feed -> Urls.parseHttp(feed).orElseThrow(
                () -> new IllegalArgumentException("site " + name + ": feed-url is not an http(s) URL: " + feed))).orElse(null);
        List<URI> aliases = node.get("aliases").asList(String.class).orElse(List.of()).stream()
                .map(alias -> Urls.parseHttp(alias).orElseThrow(
                        () -> new IllegalArgumentException("site " + name + ": an alias is not an http(s) URL: " + alias)))
                .toList();
        String slash = node.get("trailing-slash").asString().orElse("keep");
        if (!slash.equals("keep") && !slash.equals("ignore")) {
            throw new IllegalArgumentException("site " + name + ": trailing-slash is keep or ignore, not " + slash);
        }
        String reactions = node.get("fediverse-reactions").asString().orElse("all");
        if (!reactions.equals("all") && !reactions.equals("replies-only")) {
            throw new IllegalArgumentException("site " + name + ": fediverse-reactions is all or replies-only, not " + reactions);
        }
        Site.Fediverse fediverse = !node.get("fediverse").asBoolean().orElse(true) ? Site.Fediverse.OFF : Site.Fediverse.fromId(reactions);
        return new Site(name, baseUrl, node.get("title").asString().orElse(name),
                        node.get("moderation").asString().map(LinkbackConfig::moderation).orElse(null), feedUrl, aliases,
                        slash.equals("ignore"), node.get("language").asString().orElse(null), Site.Origin.CONFIG, fediverse,
                        node.get("fediverse-domain").asString().orElse(null));
    }

    private static ModerationDefault moderation(String value) {
        return ModerationDefault.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
    }
}
