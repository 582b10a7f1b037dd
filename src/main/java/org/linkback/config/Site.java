package org.linkback.config;

import java.net.URI;

import org.linkback.url.Urls;

/**
 * One blog we serve. Targets must lie under its {@code baseUrl}.
 */
public record Site(String name, URI baseUrl, String title) {

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
