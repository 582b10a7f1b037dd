package org.linkback.config;

import java.net.URI;

import org.linkback.url.Urls;

/**
 * One blog we serve. Targets must lie under its {@code baseUrl}.
 *
 * @param moderation this site's own moderation default, or null for the global one
 * @param feedUrl    the site's own feed, polled to send notifications for new and updated
 *                   articles by themselves, or null
 */
public record Site(String name, URI baseUrl, String title, LinkbackConfig.ModerationDefault moderation, URI feedUrl) {

    public Site(String name, URI baseUrl, String title, LinkbackConfig.ModerationDefault moderation) {
        this(name, baseUrl, title, moderation, null);
    }

    public Site {
        baseUrl = Urls.canonical(baseUrl);
    }

    /**
     * True when the canonical target lies on this site's origin and under its base path.
     */
    public boolean contains(URI canonicalTarget) {
        return Urls.origin(canonicalTarget).equals(Urls.origin(baseUrl))
                && canonicalTarget.getRawPath().startsWith(baseUrl.getRawPath());
    }
}
