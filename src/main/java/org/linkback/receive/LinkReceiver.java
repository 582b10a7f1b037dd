package org.linkback.receive;

import java.net.URI;
import java.util.List;
import java.util.logging.Logger;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;

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
 * The path every incoming ping takes, whatever its protocol: check the target, fetch the
 * source, verify the link, store the backlink. Refusals are thrown as {@link PingRefusedException};
 * every outcome is logged as one INFO line.
 */
public final class LinkReceiver {

    private static final Logger LOG = Logger.getLogger(LinkReceiver.class.getName());

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
     * Verifies and stores a ping.
     *
     * @return the stored backlink
     * @throws PingRefusedException when the ping is refused
     */
    public Mention receive(IncomingPing ping) {
        try {
            Mention mention = verifyAndStore(ping);
            log(ping, "accepted", "id=" + mention.id() + " status=" + mention.status().id());
            return mention;
        } catch (PingRefusedException e) {
            log(ping, "refused", e.refusal() + ": " + e.getMessage());
            throw e;
        }
    }

    private Mention verifyAndStore(IncomingPing ping) {
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
        if (store.find(source.toString(), target.toString()).isPresent()) {
            throw alreadyRegistered();
        }
        targets.requireExists(target);
        Verification found = verifier.verify(fetchSource(source, ping), target);
        if (!found.linksToTarget()) {
            throw new PingRefusedException(Refusal.NO_LINK, "the source does not link to the target");
        }
        Status status = config.moderation().defaultAction() == LinkbackConfig.ModerationDefault.APPROVE
                ? Status.APPROVED
                : Status.PENDING;
        try {
            return store.insert(new Mention.New(ping.kind(), source.toString(), target.toString(), site.name(), status,
                                                found.title(), found.excerpt(), found.blogName(), ping.clientIp()));
        } catch (DuplicateMentionException e) {
            throw alreadyRegistered();
        }
    }

    private Fetched fetchSource(URI source, IncomingPing ping) {
        Fetched page;
        try {
            page = fetcher.fetch(new SafeFetcher.Request(source, "verifying " + ping.kind().id() + " from " + ping.clientIp(),
                                                         ping.clientIp(), "text/html, */*;q=0.1", false));
        } catch (FetchException e) {
            Refusal refusal = e.failure().isTransient() ? Refusal.UPSTREAM_ERROR : Refusal.SOURCE_NOT_FOUND;
            throw new PingRefusedException(refusal, "could not fetch the source: " + e.getMessage());
        }
        if (SafeFetcher.isServerError(page)) {
            throw new PingRefusedException(Refusal.UPSTREAM_ERROR, "the source's server answered " + page.status());
        }
        if (!page.isSuccess()) {
            throw new PingRefusedException(Refusal.SOURCE_NOT_FOUND, "the source answered " + page.status());
        }
        return page;
    }

    private static PingRefusedException alreadyRegistered() {
        return new PingRefusedException(Refusal.ALREADY_REGISTERED, "this link is registered already");
    }

    private static void log(IncomingPing ping, String outcome, String detail) {
        LOG.info(() -> printable(ping.kind().id() + " " + outcome + " ip=" + ping.clientIp() + " source=" + ping.source()
                                 + " target=" + ping.target() + " " + detail));
        Counter counter = Metrics.globalRegistry().getOrCreate(
                Counter.builder("linkback.pings").tags(List.of(Tag.create("kind", ping.kind().id()),
                                                               Tag.create("outcome", outcome))));
        counter.increment();
    }

    /** Remote text in a log line: no line breaks or control characters to forge other lines with. */
    private static String printable(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }
}
