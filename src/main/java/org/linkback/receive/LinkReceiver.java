package org.linkback.receive;

import java.net.URI;
import java.util.Optional;

import org.linkback.config.LinkbackConfig;
import org.linkback.config.Site;
import org.linkback.fetch.FetchException;
import org.linkback.fetch.Fetched;
import org.linkback.fetch.SafeFetcher;
import org.linkback.store.DuplicateMentionException;
import org.linkback.store.Mention;
import org.linkback.store.MentionStore;
import org.linkback.store.Status;
import org.linkback.url.Urls;
import org.linkback.verify.Verification;
import org.linkback.verify.Verifier;

/**
 * The path every incoming ping takes, whatever its protocol: validate, check the target,
 * fetch the source, verify the link, store the backlink. Pingbacks and TrackBacks take it
 * in one go ({@link #receive}); webmentions validate now and {@link #check} later.
 * Refusals are thrown as {@link PingRefusedException}.
 */
public final class LinkReceiver {

    private static final String ACCEPT = "text/html, */*;q=0.1";

    private final LinkbackConfig config;
    private final SafeFetcher fetcher;
    private final Verifier verifier;
    private final MentionStore store;
    private final TargetChecker targets;
    private final PingRateLimiter rateLimiter;

    public LinkReceiver(LinkbackConfig config, SafeFetcher fetcher, Verifier verifier, MentionStore store) {
        this.config = config;
        this.fetcher = fetcher;
        this.verifier = verifier;
        this.store = store;
        this.targets = new TargetChecker(fetcher);
        this.rateLimiter = new PingRateLimiter(config.limits().pingsPerMinutePerIp());
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
            if (existing.isPresent() && existing.get().isLive()) {
                throw alreadyRegistered();
            }
            Mention.Details details = check(valid, ping);
            Mention mention = existing.isPresent()
                    ? store.markVerified(existing.get().id(), ping.kind(), details, defaultStatus(), ping.clientIp())
                    : insert(valid, ping, details);
            PingLog.record(ping.kind(), ping.clientIp(), ping.source(), ping.target(), "accepted",
                           "id=" + mention.id() + " status=" + mention.status().id());
            return mention;
        } catch (PingRefusedException e) {
            PingLog.refused(ping, e);
            throw e;
        }
    }

    private Mention insert(ValidPing valid, IncomingPing ping, Mention.Details details) {
        try {
            return store.insertVerified(ping.kind(), valid.source().toString(), valid.target().toString(), valid.site().name(),
                                        defaultStatus(), details, ping.clientIp());
        } catch (DuplicateMentionException e) {
            throw alreadyRegistered();
        }
    }

    /**
     * The checks that need no fetch: rate limit, URLs, target on a site, source not the target.
     * Logs a refusal.
     */
    public ValidPing validate(IncomingPing ping) {
        try {
            return validated(ping);
        } catch (PingRefusedException e) {
            PingLog.refused(ping, e);
            throw e;
        }
    }

    private ValidPing validated(IncomingPing ping) {
        if (!rateLimiter.tryAcquire(ping.clientIp())) {
            throw new PingRefusedException(Refusal.ACCESS_DENIED, "too many pings from " + ping.clientIp() + "; try again later");
        }
        URI target = Urls.parseCanonical(ping.target())
                .orElseThrow(() -> new PingRefusedException(Refusal.TARGET_NOT_SUPPORTED, "the target is not an http(s) URL"));
        Site site = config.sites().siteOf(target)
                .orElseThrow(() -> new PingRefusedException(Refusal.TARGET_NOT_SUPPORTED, "the target is not on a site served here"));
        URI source = Urls.parseCanonical(ping.source())
                .orElseThrow(() -> new PingRefusedException(Refusal.SOURCE_NOT_FOUND, "the source is not an http(s) URL"));
        if (source.equals(target)) {
            throw new PingRefusedException(Refusal.GENERIC, "the source and the target are the same page");
        }
        return new ValidPing(source, target, site);
    }

    /**
     * Fetches the target and the source and checks the link.
     *
     * @return title, excerpt and author for the backlink (what the sender claimed wins)
     * @throws PingRefusedException UPSTREAM_ERROR is worth retrying; every other refusal is final
     */
    public Mention.Details check(ValidPing valid, IncomingPing ping) {
        targets.requireExists(valid.target());
        Verification found = verifier.verify(fetchSource(valid.source(), ping), valid.target());
        if (!found.linksToTarget()) {
            throw new PingRefusedException(Refusal.NO_LINK, "the source does not link to the target");
        }
        Mention.Details claimed = ping.claimed() == null ? new Mention.Details(null, null, null) : ping.claimed();
        return new Mention.Details(claimed.title() != null ? claimed.title() : found.title(),
                                   claimed.excerpt() != null ? claimed.excerpt() : found.excerpt(),
                                   claimed.author() != null ? claimed.author() : found.blogName());
    }

    /** The status a newly verified backlink gets. */
    public Status defaultStatus() {
        return config.moderation().defaultAction() == LinkbackConfig.ModerationDefault.APPROVE ? Status.APPROVED : Status.PENDING;
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

    private static PingRefusedException alreadyRegistered() {
        return new PingRefusedException(Refusal.ALREADY_REGISTERED, "this link is registered already");
    }
}
