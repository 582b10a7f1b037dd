package org.linkback.site;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.linkback.config.LinkbackConfig;
import org.linkback.config.Site;
import org.linkback.config.Sites;
import org.linkback.url.Urls;

/**
 * What makes a site valid: a slug for a name, http(s) base URLs in canonical form, not this
 * server's own address, and no overlap with another site (a base URL under, above or equal to
 * one of its base URLs or aliases). Checked against the live sites, by origin: the same work for
 * ten sites as for ten thousand.
 */
final class SiteRules {

    private static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");
    /** A host name, with a port if it has one: what follows the @ of a handle. */
    private static final Pattern HANDLE_DOMAIN = Pattern.compile("(?i)[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?(?::[0-9]{1,5})?");

    private final Sites sites;
    private final URI publicUrl;

    SiteRules(Sites sites, URI publicUrl) {
        this.sites = sites;
        this.publicUrl = publicUrl;
    }

    /** The draft as a site, or why not. {@code keeping}: the name of the site being changed (it may overlap itself). */
    Site valid(SiteDraft draft, String keeping, Site.Origin origin) {
        String name = draft.name() == null ? "" : draft.name().strip();
        if (!NAME.matcher(name).matches()) {
            throw SiteRefused.invalid("name is 1 to 64 lower-case letters, digits and dashes (not first or last), e.g. my-blog");
        }
        URI baseUrl = base(draft.baseUrl(), "baseUrl");
        List<URI> aliases = new ArrayList<>();
        for (String alias : draft.aliases() == null ? List.<String>of() : draft.aliases()) {
            aliases.add(base(alias, "an alias"));
        }
        String title = draft.title() == null || draft.title().isBlank() ? name : draft.title().strip();
        if (title.length() > 500) {
            throw SiteRefused.invalid("title is at most 500 characters");
        }
        URI feed = draft.feedUrl() == null || draft.feedUrl().isBlank() ? null : Urls.parseHttp(draft.feedUrl())
                .orElseThrow(() -> SiteRefused.invalid("feedUrl is not an http(s) URL"));
        String slash = draft.trailingSlash() == null ? "keep" : draft.trailingSlash();
        if (!slash.equals("keep") && !slash.equals("ignore")) {
            throw SiteRefused.invalid("trailingSlash is keep or ignore");
        }
        LinkbackConfig.ModerationDefault moderation;
        try {
            moderation = draft.moderation() == null ? null : LinkbackConfig.ModerationDefault.valueOf(draft.moderation().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw SiteRefused.invalid("moderation is approve or hold");
        }
        String language = draft.language() == null || draft.language().isBlank() ? null : draft.language().strip();
        if (language != null && !Site.isLanguageTag(language)) {
            throw SiteRefused.invalid("language is a BCP 47 tag, e.g. en or pt-BR");
        }
        Site.Fediverse fediverse;
        try {
            fediverse = draft.fediverse() == null ? Site.Fediverse.ALL : Site.Fediverse.fromId(draft.fediverse());
        } catch (IllegalArgumentException e) {
            throw SiteRefused.invalid("fediverse is off, all or replies-only");
        }
        String domain = draft.fediverseDomain() == null || draft.fediverseDomain().isBlank() ? null : draft.fediverseDomain().strip();
        if (domain != null && !HANDLE_DOMAIN.matcher(domain).matches()) {
            throw SiteRefused.invalid("fediverseDomain is a host name, e.g. blog.example");
        }
        Site site = new Site(name, baseUrl, title, moderation, feed, List.copyOf(aliases), slash.equals("ignore"), language, origin,
                             fediverse, domain);
        site.bases().forEach(base -> free(base, keeping));
        return site;
    }

    /**
     * A base URL someone may claim (sign-up): an http(s) URL, not this server's own, and no
     * site's (nor an alias's) nor under or above one.
     *
     * @return it in canonical form
     * @throws SiteRefused 400 for a bad URL or this server's, 409 for one a site covers
     */
    URI claimable(String baseUrl) {
        URI base = base(baseUrl, "baseUrl");
        free(base, null);
        return base;
    }

    /** Refuses a base URL that is this server's own or overlaps a site other than {@code keeping}. */
    private void free(URI base, String keeping) {
        if (Urls.origin(base).equals(Urls.origin(Urls.canonical(publicUrl)))) {
            throw SiteRefused.invalid(base + " is this linkback server's own address");
        }
        sites.onOrigin(Urls.origin(base)).stream().filter(other -> !other.name().equals(keeping) && overlaps(other, base)).findFirst()
                .ifPresent(other -> {
                    throw SiteRefused.conflict(base + " overlaps site " + other.name() + " (" + other.baseUrl() + ")");
                });
    }

    /** True when the base lies under one of the site's bases, or one of them under it. */
    static boolean overlaps(Site site, URI base) {
        return site.bases().stream().anyMatch(other -> Site.under(base, other) || Site.under(other, base));
    }

    /** An http(s) base URL in canonical form, its path ending in a slash, without query, fragment or user. */
    private static URI base(String text, String what) {
        URI url = Urls.parseHttp(text == null ? "" : text.strip())
                .orElseThrow(() -> SiteRefused.invalid(what + " is not an http(s) URL"));
        if (url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw SiteRefused.invalid(what + " has no query, fragment or user name: a site is a place, e.g. https://blog.example/");
        }
        URI canonical = Urls.canonical(url);
        String path = canonical.getRawPath();
        return path.endsWith("/") ? canonical : URI.create(canonical + "/");
    }

}
