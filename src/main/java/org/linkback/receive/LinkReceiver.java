package org.linkback.receive;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiConsumer;

import org.jdbi.v3.core.Handle;
import org.jsoup.nodes.Document;

import org.linkback.backlink.Backlink;
import org.linkback.backlink.Backlinks;
import org.linkback.backlink.Cause;
import org.linkback.backlink.CheckFailure;
import org.linkback.backlink.CheckResult;
import org.linkback.backlink.DuplicateBacklinkException;
import org.linkback.backlink.Kind;
import org.linkback.backlink.Lifecycle;
import org.linkback.backlink.Refusal;
import org.linkback.config.LinkbackConfig;
import org.linkback.config.Site;
import org.linkback.http.RateLimiter;
import org.linkback.mf2.Interaction;
import org.linkback.queue.JobQueue;
import org.linkback.spam.Blocklist;
import org.linkback.store.Database;
import org.linkback.url.Urls;

/**
 * Accepting a ping, whatever its protocol: validate, check, score, store. Pingbacks and
 * TrackBacks go the whole way before we answer ({@link #receive}); webmentions are validated
 * and queued ({@link #queue}) and checked later by {@link Recheck}. Every change to a backlink
 * goes through {@link Backlinks}, in one unit of work with its audit entry (and queued job). Refusals are thrown as
 * {@link PingRefusedException}, which each protocol turns into its own answer.
 */
public final class LinkReceiver {

    private final LinkbackConfig config;
    private final Database database;
    private final Backlinks backlinks;
    private final JobQueue queue;
    private final Blocklist blocklist;
    private final SourceCheck sourceCheck;
    private final PingLog log;
    private final RateLimiter perClientIp;
    private final RateLimiter perSourceHost;
    private final RateLimiter perTarget;

    public LinkReceiver(LinkbackConfig config, Database database, Backlinks backlinks, JobQueue queue, Blocklist blocklist,
                        SourceCheck sourceCheck, PingLog log, Clock clock) {
        this.config = config;
        this.database = database;
        this.backlinks = backlinks;
        this.queue = queue;
        this.blocklist = blocklist;
        this.sourceCheck = sourceCheck;
        this.log = log;
        this.perClientIp = new RateLimiter(config.limits().pingsPerMinutePerIp(), clock);
        this.perSourceHost = new RateLimiter(config.limits().pingsPerMinutePerSourceHost(), clock);
        this.perTarget = new RateLimiter(config.limits().pingsPerMinutePerTarget(), clock);
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
            String source = valid.source().toString();
            String article = valid.article().toString();
            // a duplicate costs no fetch; whether it still is one is decided again in the unit of work
            if (backlinks.find(source, article).map(known -> Lifecycle.isDuplicate(known.state())).orElse(false)) {
                throw alreadyRegistered();
            }
            CheckResult checked = sourceCheck.check(valid, ping, true);
            Backlink stored = database.inTransaction(h -> backlinks.pingPassed(h, cause(ping), source, article, valid.site().name(),
                                                                               checked));
            log.accepted(ping, stored, false);
            return stored;
        } catch (DuplicateBacklinkException e) {
            PingRefusedException refused = alreadyRegistered();
            log.refused(ping, refused);
            throw refused;
        } catch (PingRefusedException e) {
            log.refused(ping, e);
            throw e;
        }
    }

    /**
     * A reaction its sender signed instead of linking to us from a page (an ActivityPub reply,
     * like or boost): validated like any ping (URLs, site, blocklists; the inbox limits the rate
     * per server itself), scored on what it says, and stored through the write path with what
     * commits with it. Said again (an Update), the stored backlink changes.
     *
     * @param says        what it is, who sent it and its text
     * @param page        its text as parsed HTML, for the spam rules, or null
     * @param targetKnown the target is an article we know (no need to fetch it to learn it exists)
     * @param withIt      what commits with it
     * @throws PingRefusedException when it is refused (a blocked host, a target not on a site)
     */
    public Backlink receiveSigned(IncomingPing ping, Interaction says, Document page, boolean targetKnown,
                                  BiConsumer<Handle, Backlink> withIt) {
        try {
            ValidPing valid = validated(ping, false);
            String targetTitle = targetKnown ? null : sourceCheck.targetTitle(valid);
            Backlink.Details details = new Backlink.Details(null, says.contentText(), says.author().name());
            CheckResult scored = sourceCheck.scored(valid, ping, details, page, null, targetTitle, says);
            Backlink stored = database.inTransaction(h -> {
                Backlink b = backlinks.signedReaction(h, cause(ping), valid.source().toString(), valid.article().toString(),
                                                      valid.site().name(), scored);
                withIt.accept(h, b);
                return b;
            });
            log.accepted(ping, stored, false);
            return stored;
        } catch (PingRefusedException e) {
            log.refused(ping, e);
            throw e;
        }
    }

    /**
     * A signed reaction taken back by its sender (a Delete, an Undo): the backlink comes down as
     * one whose source is gone would (a moderator's spam verdict stays).
     *
     * @return the backlink as it now is, or empty when it is no longer there
     */
    public Optional<Backlink> retract(long id, Kind kind, String clientIp, String why) {
        return database.inTransaction(h -> backlinks.findById(h, id).flatMap(
                b -> backlinks.checkFailed(h, id, Cause.ping(kind, b.source(), b.target(), clientIp),
                                           new CheckFailure(Refusal.SOURCE_GONE, null, why), false)));
    }

    private static PingRefusedException alreadyRegistered() {
        return new PingRefusedException(Refusal.ALREADY_REGISTERED, "this link is registered already");
    }

    private static Cause cause(IncomingPing ping) {
        return Cause.ping(ping.kind(), ping.source(), ping.target(), ping.clientIp());
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
        Backlink queued = database.inTransaction(h -> {
            Backlink backlink = backlinks.queued(h, cause(ping), valid.source().toString(), valid.article().toString(),
                                                 valid.site().name());
            queue.enqueue(h, backlink.id(), ping.clientIp(), valid.source().getHost());
            return backlink;
        });
        log.queued(ping, queued);
        return queued;
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
        return validated(ping, true);
    }

    /** {@code limited}: whether the per-client, per-source-host and per-target limits apply (not to signed reactions: the inbox limits them). */
    private ValidPing validated(IncomingPing ping, boolean limited) {
        if (limited) {
            limit(perClientIp, ping.clientIp(), "from " + ping.clientIp());
        }
        URI target = usableUrl(ping.target(), "target", Refusal.TARGET_NOT_SUPPORTED);
        Site site = config.sites().siteOf(target)
                .orElseThrow(() -> new PingRefusedException(Refusal.TARGET_NOT_SUPPORTED, "the target is not on a site served here"));
        URI source = usableUrl(ping.source(), "source", Refusal.SOURCE_NOT_FOUND);
        Optional<String> blocked = blocklist.blocking(source.getHost(), site.name());
        if (blocked.isPresent()) {
            throw new PingRefusedException(Refusal.BLOCKED, "the source host " + source.getHost() + " is blocked");
        }
        if (source.equals(target)) {
            throw new PingRefusedException(Refusal.GENERIC, "the source and the target are the same page");
        }
        if (limited) {
            limit(perSourceHost, Backlink.hostOf(source.toString()), "from the source host " + source.getHost());
            limit(perTarget, target.toString(), "to this target");
        }
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
