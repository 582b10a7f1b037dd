package org.linkback.config;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.linkback.url.Urls;

/**
 * The configured sites, and which of them an article belongs to.
 */
public final class Sites {

    private final List<Site> sites;

    public Sites(List<Site> sites) {
        // The longest base path wins, so a site at /blog/ beats one at / on the same host.
        this.sites = sites.stream()
                .sorted(Comparator.comparingInt((Site s) -> s.baseUrl().getRawPath().length()).reversed())
                .toList();
    }

    public Optional<Site> siteOf(URI canonicalTarget) {
        return sites.stream().filter(site -> site.contains(canonicalTarget)).findFirst();
    }

    /** The article a target names (through a site's aliases and its trailing-slash rule), when it is on a site. */
    public Optional<URI> articleOf(URI canonicalTarget) {
        return siteOf(canonicalTarget).map(site -> site.articleOf(canonicalTarget));
    }

    public Optional<Site> byName(String name) {
        return sites.stream().filter(site -> site.name().equals(name)).findFirst();
    }

    /**
     * Origins of the configured sites: trusted for target checks even when private addresses are refused.
     */
    public Set<String> origins() {
        return sites.stream().flatMap(site -> java.util.stream.Stream.concat(java.util.stream.Stream.of(site.baseUrl()),
                                                                               site.aliases().stream()))
                .map(Urls::origin).collect(Collectors.toUnmodifiableSet());
    }

    public List<Site> all() {
        return sites;
    }
}
