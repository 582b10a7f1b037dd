package org.linkback.receive;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import org.linkback.backlink.Assessment;
import org.linkback.backlink.Backlink;
import org.linkback.backlink.CheckResult;
import org.linkback.backlink.ModerationStatus;
import org.linkback.backlink.Refusal;
import org.linkback.config.LinkbackConfig;
import org.linkback.config.Site;
import org.linkback.fetch.FetchException;
import org.linkback.fetch.Fetched;
import org.linkback.fetch.SafeFetcher;
import org.linkback.mf2.Interaction;
import org.linkback.mf2.Interactions;
import org.linkback.spam.LearnedFilter;
import org.linkback.spam.LearnedSpam;
import org.linkback.spam.PingBurstRule;
import org.linkback.spam.RecentActivity;
import org.linkback.spam.SenderHistory;
import org.linkback.spam.SpamEvidence;
import org.linkback.spam.SpamScorer;
import org.linkback.verify.Verification;
import org.linkback.verify.Verifier;

/**
 * The check every ping gets, first time or again: the target exists, the source page links to
 * it, and what its spam score and its site make of it. Reads only; storing is the caller's.
 */
public final class SourceCheck {

    private static final String ACCEPT = "text/html, */*;q=0.1";

    private final LinkbackConfig config;
    private final SafeFetcher fetcher;
    private final Verifier verifier;
    private final SenderHistory history;
    private final SpamScorer scorer;
    private final TargetChecker targets;
    /** Recent source pages: a post that links ten of our articles sends ten pings, and is fetched once. */
    private final Cache<URI, Fetched> recentSources = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(10))
            .maximumWeight(16 * 1024 * 1024)
            .weigher((URI url, Fetched page) -> page.body().length + url.toString().length())
            .build();

    public SourceCheck(LinkbackConfig config, SafeFetcher fetcher, Verifier verifier, SenderHistory history, SpamScorer scorer) {
        this.config = config;
        this.fetcher = fetcher;
        this.verifier = verifier;
        this.history = history;
        this.scorer = scorer;
        this.targets = new TargetChecker(fetcher, verifier);
    }

    /**
     * Fetches the target and the source, checks the link and scores the page for spam.
     *
     * @param recentCopyWillDo true to take the source page from a fetch of the last seconds (many
     *                         pings from one post cost one fetch); false when the sender says the
     *                         page changed (a webmention sent again)
     * @throws PingRefusedException UPSTREAM_ERROR is worth retrying; every other refusal is final
     */
    public CheckResult check(ValidPing valid, IncomingPing ping, boolean recentCopyWillDo) {
        String targetTitle = targets.requireExists(valid.target());
        Fetched page = recentCopyWillDo ? recentSources.getIfPresent(valid.source()) : null;
        if (page == null) {
            page = fetchSource(valid.source(), ping);
            recentSources.put(valid.source(), page);
        }
        Verification found = verifier.verify(page, valid.variants());
        if (!found.linksToTarget()) {
            throw new PingRefusedException(Refusal.NO_LINK, "the source does not link to the target");
        }
        Backlink.Details claimed = ping.claimed() == null ? new Backlink.Details(null, null, null) : ping.claimed();
        Backlink.Details details = new Backlink.Details(claimed.title() != null ? claimed.title() : found.title(),
                                                      claimed.excerpt() != null ? claimed.excerpt() : found.excerpt(),
                                                      claimed.author() != null ? claimed.author() : found.blogName());
        // only an HTML page can carry microformats (a plain-text or JSON source has no parsed page)
        Interaction interaction = found.page() == null ? Interaction.NONE : Interactions.read(found.page(), valid.source(), valid.variants());
        return scored(valid, ping, details, found.page(), found.link(), targetTitle, interaction);
    }

    /**
     * What the spam rules and the site make of a source that links to its target: the check's
     * last step, and all there is for a reaction that needs no fetch (a signed activity, whose
     * text is its page).
     *
     * @param page the source as parsed HTML, or null; {@code link}: its link to the target, or null
     */
    public CheckResult scored(ValidPing valid, IncomingPing ping, Backlink.Details details, Document page, Element link,
                              String targetTitle, Interaction interaction) {
        String sourceHost = valid.source().getHost();
        Instant windowStart = Instant.now().minus(PingBurstRule.WINDOW);
        boolean trusted = config.moderation().trustedSenders().trusts(ping.clientIp(), sourceHost);
        Set<String> tokens = LearnedFilter.tokens(LearnedSpam.sample(details, interaction, Backlink.hostOf(valid.source().toString()), page));
        Function<RecentActivity, SpamEvidence> evidence = recent -> new SpamEvidence(page, link, valid.source(), valid.target(), details,
                                                                                     targetTitle, recent, trusted, valid.site().name(), tokens);
        Assessment assessment = scorer.assess(evidence.apply(history.spamFromHost(sourceHost, windowStart)));
        if (assessment.score() > 0 && !trusted) {
            // how many hosts this IP pinged for only ever corroborates another finding: read it
            // (the costlier query of a busy sender's recent backlinks) only when there is one
            assessment = scorer.assess(evidence.apply(history.since(ping.clientIp(), sourceHost, windowStart)));
        }
        return new CheckResult(details, interaction, assessment, scored(valid.site(), assessment), tokens);
    }

    /** Fetches the target to learn it exists (see {@link #check}); its title, or null. */
    public String targetTitle(ValidPing valid) {
        return targets.requireExists(valid.target());
    }

    /** Spam above the spam threshold, held between the thresholds, else the site's default. */
    private ModerationStatus scored(Site site, Assessment assessment) {
        var moderation = config.moderation();
        if (assessment.score() >= moderation.spamThreshold()) {
            return ModerationStatus.SPAM;
        }
        if (assessment.score() >= moderation.holdThreshold()) {
            return ModerationStatus.PENDING;
        }
        var action = site.moderation() != null ? site.moderation() : moderation.defaultAction();
        return action == LinkbackConfig.ModerationDefault.APPROVE ? ModerationStatus.APPROVED : ModerationStatus.PENDING;
    }

    private Fetched fetchSource(URI source, IncomingPing ping) {
        Fetched page;
        try {
            page = fetcher.fetch(new SafeFetcher.Request(source, "verifying " + ping.kind().id() + " from " + ping.clientIp(),
                                                         ping.clientIp(), ACCEPT, false));
        } catch (FetchException e) {
            Refusal refusal = e.failure() == FetchException.Failure.BLOCKED ? Refusal.BLOCKED
                    : e.failure().isTransient() ? Refusal.UPSTREAM_ERROR : Refusal.SOURCE_NOT_FOUND;
            // The sender learns only that the fetch failed (and from the code, whether to retry): no DNS or
            // address details, or pings would make us a scanner of other people's networks.
            throw new PingRefusedException(refusal, refusal == Refusal.BLOCKED ? "the source host is blocked"
                    : "could not fetch the source", java.time.Duration.ZERO, e.getMessage(), null);
        }
        if (SafeFetcher.isServerError(page) || page.status() == 429) {
            throw PingRefusedException.answered(Refusal.UPSTREAM_ERROR, "the source's server answered " + page.status(), page.status());
        }
        if (page.isGone()) {
            throw PingRefusedException.answered(Refusal.SOURCE_GONE, "the source answered " + page.status(), page.status());
        }
        if (!page.isSuccess()) {
            throw PingRefusedException.answered(Refusal.SOURCE_NOT_FOUND, "the source answered " + page.status(), page.status());
        }
        return page;
    }
}
