package org.linkback.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.linkback.url.Urls;

/**
 * The sites served now, and which of them an article belongs to. One instance lives as long as
 * the server; its set of sites is replaced as a whole ({@link #replace}) when the sites in the
 * database change, so every part holding it sees a site created at runtime at once.
 *
 * <p>Finding a target's site looks up its origin in a map, then compares the few base paths on
 * that origin: the same time for ten sites as for ten thousand.
 */
public final class Sites {

    /** One base URL (a site's own or an alias) on an origin. */
    private record Base(String path, Site site) {
    }

    private record Snapshot(List<Site> all, Map<String, Site> byName, Map<String, List<Base>> byOrigin, Set<String> trustedOrigins) {
    }

    private volatile Snapshot snapshot;

    public Sites(List<Site> sites) {
        this.snapshot = index(sites);
    }

    /** From now on, these are the sites. */
    public void replace(List<Site> sites) {
        this.snapshot = index(sites);
    }

    private static Snapshot index(List<Site> sites) {
        Map<String, List<Base>> byOrigin = new HashMap<>();
        for (Site site : sites) {
            for (URI base : site.bases()) {
                byOrigin.computeIfAbsent(Urls.origin(base), origin -> new ArrayList<>()).add(new Base(base.getRawPath(), site));
            }
        }
        // the longest base path wins, so a site at /blog/ beats one at / on the same host
        byOrigin.values().forEach(bases -> bases.sort(Comparator.comparingInt((Base b) -> b.path().length()).reversed()));
        Map<String, Site> byName = new LinkedHashMap<>();
        sites.forEach(site -> byName.put(site.name(), site));
        Set<String> trusted = sites.stream().filter(Site::trusted).flatMap(site -> site.bases().stream())
                .map(Urls::origin).collect(Collectors.toUnmodifiableSet());
        return new Snapshot(List.copyOf(sites), Map.copyOf(byName), byOrigin, trusted);
    }

    public Optional<Site> siteOf(URI canonicalTarget) {
        List<Base> bases = snapshot.byOrigin().get(Urls.origin(canonicalTarget));
        if (bases == null) {
            return Optional.empty();
        }
        String path = canonicalTarget.getRawPath();
        return bases.stream().filter(base -> path.startsWith(base.path())).map(Base::site).findFirst();
    }

    /** The sites with a base URL (their own or an alias) on this origin. */
    public List<Site> onOrigin(String origin) {
        return snapshot.byOrigin().getOrDefault(origin, List.of()).stream().map(Base::site).distinct().toList();
    }

    /** The article a target names (through a site's aliases and its trailing-slash rule), when it is on a site. */
    public Optional<URI> articleOf(URI canonicalTarget) {
        return siteOf(canonicalTarget).map(site -> site.articleOf(canonicalTarget));
    }

    public Optional<Site> byName(String name) {
        return Optional.ofNullable(name).map(snapshot.byName()::get);
    }

    /**
     * True when this origin (scheme://host[:port]) is one of our sites' that may be fetched from
     * a private address (for target checks): configured and admin-made sites, never signed-up ones.
     */
    public boolean trustedOrigin(String origin) {
        return snapshot.trustedOrigins().contains(origin);
    }

    public List<Site> all() {
        return snapshot.all();
    }
}
