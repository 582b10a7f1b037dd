package org.linkback.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
                             Duration widgetMaxAge,
                             Set<String> trustedProxies,
                             String adminToken) {

    public record Database(String url, String username, String password) {
    }

    public record Fetch(Duration connectTimeout,
                        Duration readTimeout,
                        int maxBytes,
                        int maxRedirects,
                        boolean allowPrivateAddresses) {
    }

    public enum ModerationDefault { APPROVE, HOLD }

    /**
     * @param defaultAction what a clean, verified backlink becomes (sites may override it)
     * @param spamThreshold a spam score at or above this makes a backlink spam
     * @param holdThreshold a score at or above this (and below spamThreshold) holds it as pending
     * @param auditRetention how long the audit log keeps entries
     * @param trustedSenders client IPs / networks / source hosts the burst rule never scores
     */
    public record Moderation(ModerationDefault defaultAction, double spamThreshold, double holdThreshold, Duration auditRetention,
                             TrustedSenders trustedSenders) {
    }

    /**
     * Abuse limits that the contract leaves to us: pings per client IP per minute.
     */
    public record Limits(int pingsPerMinutePerIp, int xmlRpcMaxBytes) {
    }

    /**
     * The durable verification queue (webmentions): how often workers look for due jobs, how long
     * a claimed job stays theirs, and how transient failures are retried (exponential backoff).
     */
    public record Queue(Duration pollInterval, Duration lease, int workers,
                        Duration retryBase, Duration retryMax, int maxAttempts) {
    }

    /**
     * Loads a YAML file; environment variables and system properties take precedence.
     */
    public static Config load(Path file) {
        return Config.builder()
                .addSource(ConfigSources.file(file))
                .build();
    }

    public static LinkbackConfig from(Config root) {
        Config lb = root.get("linkback");
        Config db = lb.get("database");
        Config fetch = lb.get("fetch");
        List<Site> sites = lb.get("sites").asNodeList().orElse(List.of()).stream()
                .map(LinkbackConfig::site)
                .toList();
        String publicUrl = lb.get("public-url").asString().orElse("http://localhost:8080");
        return new LinkbackConfig(
                URI.create(publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl),
                new Database(db.get("url").asString().orElse("jdbc:hsqldb:file:data/linkback"),
                             db.get("username").asString().orElse("SA"),
                             db.get("password").asString().orElse("")),
                new Sites(sites),
                new Fetch(Duration.ofMillis(fetch.get("connect-timeout-ms").asInt().orElse(3000)),
                          Duration.ofMillis(fetch.get("read-timeout-ms").asInt().orElse(5000)),
                          fetch.get("max-bytes").asInt().orElse(1_048_576),
                          fetch.get("max-redirects").asInt().orElse(5),
                          fetch.get("allow-private-addresses").asBoolean().orElse(false)),
                new Moderation(lb.get("moderation.default").asString().map(LinkbackConfig::moderation)
                                       .orElse(ModerationDefault.APPROVE),
                               lb.get("moderation.spam-threshold").asDouble().orElse(0.7),
                               lb.get("moderation.hold-threshold").asDouble().orElse(0.3),
                               Duration.ofDays(lb.get("moderation.audit-retention-days").asInt().orElse(365)),
                               TrustedSenders.parse(lb.get("moderation.trusted-senders").asList(String.class).orElse(List.of()))),
                new Limits(lb.get("limits.pings-per-minute-per-ip").asInt().orElse(300),
                           lb.get("limits.xmlrpc-max-bytes").asInt().orElse(65_536)),
                new Queue(millis(lb, "queue.poll-ms", 1000),
                          millis(lb, "queue.lease-ms", 300_000),
                          lb.get("queue.workers").asInt().orElse(4),
                          millis(lb, "queue.retry-base-ms", 60_000),
                          millis(lb, "queue.retry-max-ms", 6 * 3_600_000),
                          lb.get("queue.max-attempts").asInt().orElse(8)),
                Duration.ofSeconds(lb.get("widget.max-age-seconds").asLong().orElse(300L)),
                Set.copyOf(lb.get("trusted-proxies").asList(String.class).orElse(List.of())),
                lb.get("admin.token").asString().orElse(""));
    }

    private static Duration millis(Config section, String key, long defaultMillis) {
        return Duration.ofMillis(section.get(key).asLong().orElse(defaultMillis));
    }

    private static Site site(Config node) {
        String name = node.get("name").asString().get();
        String base = node.get("base-url").asString().get();
        URI baseUrl = Urls.parseHttp(base)
                .orElseThrow(() -> new IllegalArgumentException("site " + name + ": base-url is not an http(s) URL: " + base));
        return new Site(name, baseUrl, node.get("title").asString().orElse(name),
                        node.get("moderation").asString().map(LinkbackConfig::moderation).orElse(null));
    }

    private static ModerationDefault moderation(String value) {
        return ModerationDefault.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
    }
}
