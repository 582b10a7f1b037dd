package org.linkback.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.linkback.url.Urls;

/**
 * One blog we serve. Targets must lie under its {@code baseUrl} or one of its {@code aliases}
 * (other origins serving the same site: {@code http://} beside {@code https://}, a {@code www.}
 * host); a backlink to any of them lands on the article under {@code baseUrl}, and with
 * {@code ignoreTrailingSlash} {@code /post} and {@code /post/} are one article too.
 *
 * @param moderation          this site's own moderation default, or null for the global one
 * @param feedUrl             the site's own feed, polled to send notifications for new and updated
 *                            articles by themselves, or null
 * @param aliases             other base URLs of the same site (canonical), possibly empty
 * @param ignoreTrailingSlash an article's URL with and without a trailing slash are one article,
 *                            named without it
 * @param language            the widget's default language (BCP 47), or null
 * @param origin              who made it: the YAML file, an admin through the API, or a sign-up
 * @param fediverse           whether the site is an ActivityPub actor, and which reactions it takes
 * @param fediverseDomain     the domain of its handle ({@code blog.example} for {@code @NAME@blog.example}), when the
 *                            blog's own WebFinger sends its requests here; null for this server's own
 */
public record Site(String name, URI baseUrl, String title, LinkbackConfig.ModerationDefault moderation, URI feedUrl,
                   List<URI> aliases, boolean ignoreTrailingSlash, String language, Origin origin, Fediverse fediverse,
                   String fediverseDomain) {

    /** The site as an ActivityPub actor: off, or on and taking every reaction, or replies only (no likes and boosts). */
    public enum Fediverse {
        OFF, ALL, REPLIES_ONLY;

        /** As stored and in the API: off, all, replies-only. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        public static Fediverse fromId(String id) {
            return valueOf(id.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }

        /** Whether the site is an actor at all. */
        public boolean on() {
            return this != OFF;
        }
    }

    /** Who made a site. A signed-up site's origin is never trusted to be fetched from a private address. */
    public enum Origin {
        CONFIG, ADMIN, SIGNUP;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Origin fromId(String id) {
            return valueOf(id.toUpperCase(java.util.Locale.ROOT));
        }
    }

    private static final java.util.regex.Pattern LANGUAGE = java.util.regex.Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");

    /** Whether a text is a plain BCP 47 language tag ({@code de}, {@code pt-BR}). */
    public static boolean isLanguageTag(String text) {
        return text != null && LANGUAGE.matcher(text).matches();
    }

    public Site(String name, URI baseUrl, String title, LinkbackConfig.ModerationDefault moderation) {
        this(name, baseUrl, title, moderation, null, List.of(), false, null, Origin.CONFIG, Fediverse.ALL, null);
    }

    public Site {
        fediverse = fediverse == null ? Fediverse.ALL : fediverse;
        fediverseDomain = fediverseDomain == null || fediverseDomain.isBlank() ? null : fediverseDomain.strip().toLowerCase(java.util.Locale.ROOT);
        baseUrl = Urls.canonical(baseUrl);
        aliases = aliases.stream().map(Urls::canonical).toList();
    }

    /** Its base URL and its aliases. */
    public List<URI> bases() {
        List<URI> bases = new ArrayList<>();
        bases.add(baseUrl);
        bases.addAll(aliases);
        return bases;
    }

    /** Whether its origins may be fetched from private addresses (our own sites' pages): not for a signed-up site. */
    public boolean trusted() {
        return origin != Origin.SIGNUP;
    }

    /**
     * True when the canonical target lies on this site's origin and under its base path, or
     * under one of its aliases.
     */
    public boolean contains(URI canonicalTarget) {
        return under(canonicalTarget, baseUrl) || aliases.stream().anyMatch(alias -> under(canonicalTarget, alias));
    }

    /** The article a canonical target of this site names: under the base URL, without a trailing slash when those are ignored. */
    public URI articleOf(URI canonicalTarget) {
        String url = canonicalTarget.toString();
        for (URI alias : aliases) {
            if (under(canonicalTarget, alias)) {
                url = baseUrl + url.substring(alias.toString().length());
                break;
            }
        }
        URI article = URI.create(url);
        if (ignoreTrailingSlash && article.getRawQuery() == null && article.getRawPath().length() > 1
            && article.getRawPath().endsWith("/") && !article.getRawPath().equals(baseUrl.getRawPath())) {
            article = URI.create(url.substring(0, url.length() - 1));
        }
        return article;
    }

    /** Every URL that names this article (itself first): under each alias, with and without the slash when that is ignored. */
    public List<URI> variantsOf(URI article) {
        Set<URI> variants = new LinkedHashSet<>();
        List<URI> bases = bases();
        String rest = article.toString().startsWith(baseUrl.toString()) ? article.toString().substring(baseUrl.toString().length()) : null;
        for (URI base : bases) {
            Optional<URI> variant = rest == null ? Optional.of(article) : Urls.parseCanonical(base + rest);
            variant.ifPresent(v -> {
                variants.add(v);
                if (ignoreTrailingSlash && v.getRawQuery() == null) {
                    String text = v.toString();
                    Urls.parseCanonical(text.endsWith("/") ? text.substring(0, text.length() - 1) : text + "/").ifPresent(variants::add);
                }
            });
        }
        return List.copyOf(variants);
    }

    /** True when the canonical URL lies on the base's origin and under its path. */
    public static boolean under(URI canonicalTarget, URI base) {
        return Urls.origin(canonicalTarget).equals(Urls.origin(base)) && canonicalTarget.getRawPath().startsWith(base.getRawPath());
    }
}
