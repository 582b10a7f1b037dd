package org.linkback.receive;

import java.net.URI;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.linkback.backlink.Refusal;
import org.linkback.fetch.FetchException;
import org.linkback.fetch.Fetched;
import org.linkback.fetch.SafeFetcher;
import org.linkback.verify.Verifier;

/**
 * Checks that a target article exists by fetching it, and reads its title. Answers are
 * cached for a minute, so a burst of pings to one article costs one fetch.
 */
final class TargetChecker {

    /** What the fetch of an article found. */
    private record Article(boolean exists, String title) {
    }

    private final SafeFetcher fetcher;
    private final Verifier verifier;
    private final Cache<URI, Article> articles = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(1))
            .maximumSize(10_000)
            .build();

    TargetChecker(SafeFetcher fetcher, Verifier verifier) {
        this.fetcher = fetcher;
        this.verifier = verifier;
    }

    /**
     * @return the article's title, or null
     * @throws PingRefusedException TARGET_NOT_FOUND for 404/410 or an unusable answer,
     *                              UPSTREAM_ERROR when the site times out or fails (5xx)
     */
    String requireExists(URI canonicalTarget) {
        Article article = articles.getIfPresent(canonicalTarget);
        if (article == null) {
            article = fetch(canonicalTarget);
            articles.put(canonicalTarget, article);
        }
        if (!article.exists()) {
            throw new PingRefusedException(Refusal.TARGET_NOT_FOUND, "the target " + canonicalTarget + " does not exist");
        }
        return article.title();
    }

    private Article fetch(URI target) {
        Fetched page;
        try {
            page = fetcher.fetch(new SafeFetcher.Request(target, "checking target", null, "text/html, */*;q=0.1", true));
        } catch (FetchException e) {
            Refusal refusal = e.failure().isTransient() ? Refusal.UPSTREAM_ERROR : Refusal.TARGET_NOT_FOUND;
            throw new PingRefusedException(refusal, "could not check the target: " + e.getMessage());
        }
        if (SafeFetcher.isServerError(page)) {
            throw PingRefusedException.answered(Refusal.UPSTREAM_ERROR, "the target's server answered " + page.status(), page.status());
        }
        return page.isGone() ? new Article(false, null) : new Article(true, verifier.titleOf(page).orElse(null));
    }
}
