package org.linkback.receive;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.linkback.config.LinkbackConfig;
import org.linkback.config.Site;
import org.linkback.fetch.FetchException;
import org.linkback.fetch.Fetched;
import org.linkback.fetch.SafeFetcher;
import org.linkback.http.RateLimiter;
import org.linkback.spam.Blocklist;
import org.linkback.spam.PingBurstRule;
import org.linkback.spam.SpamEvidence;
import org.linkback.spam.SpamScorer;
import org.linkback.store.Assessment;
import org.linkback.store.DuplicateMentionException;
import org.linkback.store.Mention;
import org.linkback.store.RecentActivity;
import org.linkback.store.MentionStore;
import org.linkback.store.Status;
import org.linkback.url.Urls;
import org.linkback.verify.Verification;
import org.linkback.verify.Verifier;

/**
 * The path every incoming ping takes, whatever its protocol: validate, check the target,
 * fetch the source, verify the link, score it for spam, store the backlink. Pingbacks and
 * TrackBacks take it in one go ({@link #receive}); webmentions validate now and
 * {@link #check} later. Refusals are thrown as {@link PingRefusedException}.
 */
public final class LinkReceiver {

    private static final String ACCEPT = "text/html, */*;q=0.1";

    private final LinkbackConfig config;
    private final SafeFetcher fetcher;
    private final Verifier verifier;
    private final MentionStore store;
    private final Blocklist blocklist;
    private final SpamScorer scorer;
    private final PingLog log;
    private final TargetChecker targets;
    private final RateLimiter rateLimiter;

    public LinkReceiver(LinkbackConfig config, SafeFetcher fetcher, Verifier verifier, MentionStore store,
                        Blocklist blocklist, SpamScorer scorer, PingLog log) {
        this.config = config;
        this.fetcher = fetcher;
        this.verifier = verifier;
        this.store = store;
        this.blocklist = blocklist;
        this.scorer = scorer;
        this.log = log;
        this.targets = new TargetChecker(fetcher, verifier);
        this.rateLimiter = new RateLimiter(config.limits().pingsPerMinutePerIp());
    }

    /**
     * Verifies and stores a ping before answering (pingback, TrackBack).
     *
     * @return the stored backlink
     * @throws PingRefusedException when the ping is refused
     */
    public Mention receive(IncomingPing ping) {
        try {
            ValidPing valid = validated(ping);
            Optional<Mention> existing = store.find(valid.source().toString(), valid.target().toString());
            if (existing.isPresent() && existing.get().isVerified()) {
                throw new PingRefusedException(Refusal.ALREADY_REGISTERED, "this link is registered already");
            }
            CheckResult checked = check(valid, ping);
            return store.inTransaction(() -> {
                Mention mention = existing.isPresent()
                        ? store.markVerified(existing.get().id(), ping.kind(), checked.details(), checked.assessment(),
                                             checked.status(), ping.clientIp())
                        : insert(valid, ping, checked);
                log.accepted(ping, mention, false); // the backlink and its audit entry commit together
                return mention;
            });
        } catch (PingRefusedException e) {
            log.refused(ping, e);
            throw e;
        }
    }

    private Mention insert(ValidPing valid, IncomingPing ping, CheckResult checked) {
        try {
            return store.insertVerified(ping.kind(), valid.source().toString(), valid.target().toString(), valid.site().name(),
                                        checked.status(), checked.details(), checked.assessment(), ping.clientIp());
        } catch (DuplicateMentionException e) {
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
        Duration wait = rateLimiter.acquire(ping.clientIp());
        if (!wait.isZero()) {
            throw new PingRefusedException(Refusal.ACCESS_DENIED, "too many pings from " + ping.clientIp() + "; try again in "
                                                                  + wait.toSeconds() + " seconds", wait);
        }
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
        return new ValidPing(source, target, site);
    }

    /** The canonical URL, or a refusal that says why it cannot be used (not http(s), too long ...). */
    private static URI usableUrl(String text, String what, Refusal refusal) {
        Optional<String> problem = Urls.problem(text, what);
        if (problem.isPresent()) {
            throw new PingRefusedException(refusal, problem.get());
        }
        return Urls.parseCanonical(text).orElseThrow();
    }

    /**
     * Fetches the target and the source, checks the link and scores the page for spam.
     *
     * @throws PingRefusedException UPSTREAM_ERROR is worth retrying; every other refusal is final
     */
    public CheckResult check(ValidPing valid, IncomingPing ping) {
        String targetTitle = targets.requireExists(valid.target());
        Verification found = verifier.verify(fetchSource(valid.source(), ping), valid.target());
        if (!found.linksToTarget()) {
            throw new PingRefusedException(Refusal.NO_LINK, "the source does not link to the target");
        }
        Mention.Details claimed = ping.claimed() == null ? new Mention.Details(null, null, null) : ping.claimed();
        Mention.Details details = new Mention.Details(claimed.title() != null ? claimed.title() : found.title(),
                                                      claimed.excerpt() != null ? claimed.excerpt() : found.excerpt(),
                                                      claimed.author() != null ? claimed.author() : found.blogName());
        String sourceHost = valid.source().getHost();
        RecentActivity recent = store.recentActivity(ping.clientIp(), sourceHost, Instant.now().minus(PingBurstRule.WINDOW));
        boolean trusted = config.moderation().trustedSenders().trusts(ping.clientIp(), sourceHost);
        Assessment assessment = scorer.assess(new SpamEvidence(found.page(), found.link(), valid.source(), valid.target(), details,
                                                               targetTitle, recent, trusted));
        return new CheckResult(details, assessment, statusFor(valid.site(), assessment));
    }

    /** Spam above the spam threshold, held between the thresholds, else the site's default. */
    private Status statusFor(Site site, Assessment assessment) {
        var moderation = config.moderation();
        if (assessment.score() >= moderation.spamThreshold()) {
            return Status.SPAM;
        }
        if (assessment.score() >= moderation.holdThreshold()) {
            return Status.PENDING;
        }
        var action = site.moderation() != null ? site.moderation() : moderation.defaultAction();
        return action == LinkbackConfig.ModerationDefault.APPROVE ? Status.APPROVED : Status.PENDING;
    }

    private Fetched fetchSource(URI source, IncomingPing ping) {
        Fetched page;
        try {
            page = fetcher.fetch(new SafeFetcher.Request(source, "verifying " + ping.kind().id() + " from " + ping.clientIp(),
                                                         ping.clientIp(), ACCEPT, false));
        } catch (FetchException e) {
            Refusal refusal = e.failure().isTransient() ? Refusal.UPSTREAM_ERROR : Refusal.SOURCE_NOT_FOUND;
            throw new PingRefusedException(refusal, "could not fetch the source: " + e.getMessage());
        }
        if (SafeFetcher.isServerError(page) || page.status() == 429) {
            throw new PingRefusedException(Refusal.UPSTREAM_ERROR, "the source's server answered " + page.status());
        }
        if (page.isGone()) {
            throw new PingRefusedException(Refusal.SOURCE_GONE, "the source answered " + page.status());
        }
        if (!page.isSuccess()) {
            throw new PingRefusedException(Refusal.SOURCE_NOT_FOUND, "the source answered " + page.status());
        }
        return page;
    }
}
