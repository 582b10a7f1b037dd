package org.linkback.receive;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.jdbi.v3.core.Handle;

import org.linkback.config.LinkbackConfig;
import org.linkback.config.Site;
import org.linkback.http.RateLimiter;
import org.linkback.queue.JobQueue;
import org.linkback.spam.Blocklist;
import org.linkback.backlink.Assessment;
import org.linkback.backlink.BacklinkState;
import org.linkback.backlink.CheckState;
import org.linkback.store.Database;
import org.linkback.backlink.DuplicateBacklinkException;
import org.linkback.backlink.Backlink;
import org.linkback.backlink.BacklinkStore;
import org.linkback.backlink.ModerationStatus;
import org.linkback.url.Urls;
import org.linkback.webhook.Webhooks;
import org.linkback.backlink.Lifecycle;

/**
 * Accepting a ping, whatever its protocol: validate, check, score, store. Pingbacks and
 * TrackBacks go the whole way before we answer ({@link #receive}); webmentions are validated
 * and queued ({@link #queue}) and checked later by {@link Recheck}. Each stored change commits
 * with its audit entry (and queued job) in one unit of work. Refusals are thrown as
 * {@link PingRefusedException}, which each protocol turns into its own answer.
 */
public final class LinkReceiver {

    private final LinkbackConfig config;
    private final Database database;
    private final BacklinkStore store;
    private final JobQueue queue;
    private final Blocklist blocklist;
    private final SourceCheck sourceCheck;
    private final PingLog log;
    private final Webhooks webhooks;
    private final RateLimiter perClientIp;
    private final RateLimiter perSourceHost;
    private final RateLimiter perTarget;

    public LinkReceiver(LinkbackConfig config, Database database, BacklinkStore store, JobQueue queue, Blocklist blocklist,
                        SourceCheck sourceCheck, PingLog log, Webhooks webhooks) {
        this.config = config;
        this.database = database;
        this.store = store;
        this.queue = queue;
        this.blocklist = blocklist;
        this.sourceCheck = sourceCheck;
        this.log = log;
        this.webhooks = webhooks;
        this.perClientIp = new RateLimiter(config.limits().pingsPerMinutePerIp());
        this.perSourceHost = new RateLimiter(config.limits().pingsPerMinutePerSourceHost());
        this.perTarget = new RateLimiter(config.limits().pingsPerMinutePerTarget());
    }

    /**
     * Verifies and stores a ping before answering (pingback, TrackBack).
     *
     * @return the stored backlink
     * @throws PingRefusedException when the ping is refused
     */
    public Backlink receive(IncomingPing ping) {
        try {
            ValidPing valid = validated(ping);
            Optional<Backlink> existing = store.find(valid.source().toString(), valid.article().toString());
            if (existing.isPresent() && Lifecycle.isDuplicate(existing.get().state())) {
                throw new PingRefusedException(Refusal.ALREADY_REGISTERED, "this link is registered already");
            }
            CheckResult checked = sourceCheck.check(valid, ping, true);
            return database.inTransaction(h -> {
                Backlink stored = existing.isPresent()
                        ? store.savePassedCheck(h, existing.get().id(), ping.kind(),
                                                Lifecycle.next(existing.get().state(), new Lifecycle.CheckPassed(checked.scored())),
                                                checked.details(), checked.assessment(), ping.clientIp())
                        : insert(h, valid, ping, Lifecycle.first(checked.scored()), checked.details(), checked.assessment());
                Backlink mention = store.saveInteraction(h, stored, checked.interaction());
                log.accepted(h, ping, mention, false);
                webhooks.changed(h, existing, mention);
                return mention;
            });
        } catch (PingRefusedException e) {
            log.refused(ping, e);
            throw e;
        }
    }

    /**
     * Validates a webmention and queues its check: a new one is stored pending, a known one is
     * checked again (the sender says the source changed). The backlink, its job and the audit
     * entry commit together; the worker wakes when they have.
     *
     * @return the backlink, pending its check or as it was
     * @throws PingRefusedException when the ping is refused
     */
    public Backlink queue(IncomingPing ping) {
        ValidPing valid = validate(ping);
        return database.inTransaction(h -> {
            Backlink mention = store.ensureStatusToken(h, store.find(h, valid.source().toString(), valid.article().toString())
                    .orElseGet(() -> insertPending(h, valid, ping)));
            queue.enqueue(h, mention.id(), ping.clientIp(), valid.source().getHost());
            log.queued(h, ping, mention);
            return mention;
        });
    }

    private Backlink insertPending(Handle h, ValidPing valid, IncomingPing ping) {
        String source = valid.source().toString();
        String target = valid.article().toString();
        try {
            return store.insert(h, new BacklinkStore.NewBacklink(ping.kind(), source, target, valid.site().name(),
                                                               new BacklinkState(ModerationStatus.PENDING, CheckState.PENDING),
                                                               new Backlink.Details(null, null, null), Assessment.CLEAN,
                                                               ping.clientIp()));
        } catch (DuplicateBacklinkException e) {
            return store.find(h, source, target).orElseThrow(); // a concurrent request stored it first
        }
    }

    private Backlink insert(Handle h, ValidPing valid, IncomingPing ping, BacklinkState state, Backlink.Details details,
                           Assessment assessment) {
        try {
            return store.insert(h, new BacklinkStore.NewBacklink(ping.kind(), valid.source().toString(), valid.article().toString(),
                                                               valid.site().name(), state, details, assessment, ping.clientIp()));
        } catch (DuplicateBacklinkException e) {
            throw new PingRefusedException(Refusal.ALREADY_REGISTERED, "this link is registered already");
        }
    }

    /**
     * The checks that need no fetch: rate limit, URLs, target on a site, source not blocked and
     * not the target. Logs a refusal.
     */
    public ValidPing validate(IncomingPing ping) {
        try {
            return validated(ping);
        } catch (PingRefusedException e) {
            log.refused(ping, e);
            throw e;
        }
    }

    private ValidPing validated(IncomingPing ping) {
        limit(perClientIp, ping.clientIp(), "from " + ping.clientIp());
        URI target = usableUrl(ping.target(), "target", Refusal.TARGET_NOT_SUPPORTED);
        Site site = config.sites().siteOf(target)
                .orElseThrow(() -> new PingRefusedException(Refusal.TARGET_NOT_SUPPORTED, "the target is not on a site served here"));
        URI source = usableUrl(ping.source(), "source", Refusal.SOURCE_NOT_FOUND);
        Optional<String> blocked = blocklist.blocking(source.getHost());
        if (blocked.isPresent()) {
            throw new PingRefusedException(Refusal.BLOCKED, "the source host " + source.getHost() + " is blocked");
        }
        if (source.equals(target)) {
            throw new PingRefusedException(Refusal.GENERIC, "the source and the target are the same page");
        }
        limit(perSourceHost, Backlink.hostOf(source.toString()), "from the source host " + source.getHost());
        limit(perTarget, target.toString(), "to this target");
        return new ValidPing(source, target, site);
    }

    /** Takes a token of one limit, or refuses with when to try again. */
    private static void limit(RateLimiter limiter, String key, String what) {
        Duration wait = limiter.acquire(key);
        if (!wait.isZero()) {
            throw new PingRefusedException(Refusal.ACCESS_DENIED, "too many pings " + what + "; try again in " + wait.toSeconds()
                                                                  + " seconds", wait);
        }
    }

    /** The canonical URL, or a refusal that says why it cannot be used (not http(s), too long ...). */
    private static URI usableUrl(String text, String what, Refusal refusal) {
        Optional<String> problem = Urls.problem(text, what);
        if (problem.isPresent()) {
            throw new PingRefusedException(refusal, problem.get());
        }
        return Urls.parseCanonical(text).orElseThrow();
    }
}
