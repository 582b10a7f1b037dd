package org.linkback.feed;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.linkback.backlink.Backlink;
import org.linkback.backlink.BacklinkRows;
import org.linkback.backlink.Kind;
import org.linkback.backlink.ModerationStatus;
import org.linkback.config.Site;
import org.linkback.config.Sites;
import org.linkback.mf2.Interaction;
import org.linkback.store.Database;
import org.linkback.url.Urls;

/**
 * The public backlinks of an article or a site: approved only, newest first, at most
 * {@value #SHOWN}. Each answer knows when it last changed (for Last-Modified).
 */
public final class PublishedBacklinks {

    /** Newest backlinks shown. */
    public static final int SHOWN = 100;

    private final Database database;
    private final FeedVersions versions;
    private final Sites sites;
    private final Instant startedAt = Instant.now();

    public PublishedBacklinks(Database database, FeedVersions versions, Sites sites) {
        this.database = database;
        this.versions = versions;
        this.sites = sites;
    }

    /**
     * What was found.
     *
     * @param title       a title for a feed of them
     * @param homeUrl     the article (canonical URL) or the site's base URL
     * @param lastChanged the newest change among them, or server start when there are none
     */
    public record Found(String title, String homeUrl, List<Backlink> mentions, Instant lastChanged) {
    }

    /**
     * The backlinks of one article (of one kind, or all when kind is null).
     *
     * @return empty when the target is not an article of a configured site
     */
    public Optional<Found> ofArticle(String target, Kind kind) {
        return ofArticle(target, kind, SHOWN);
    }

    /** {@link #ofArticle(String, Kind)} with more (or fewer) than {@value #SHOWN}. */
    public Optional<Found> ofArticle(String target, Kind kind, int limit) {
        return ofArticle(target, kind, Set.of(), limit);
    }

    /** The backlinks of one article that are of these types (replies, likes ...; all when empty). */
    public Optional<Found> ofArticle(String target, Set<Interaction.Type> types) {
        return ofArticle(target, null, types, SHOWN);
    }

    private Optional<Found> ofArticle(String target, Kind kind, Set<Interaction.Type> types, int limit) {
        return Urls.parseCanonical(target)
                .flatMap(sites::articleOf) // any URL of the article: an alias, with or without its slash
                .map(URI::toString)
                .map(key -> found(titleOf(kind) + " to " + key, key, approved("target", key, kind, types, limit)));
    }

    /**
     * The backlinks of a whole site.
     *
     * @return empty when there is no site of that name
     */
    public Optional<Found> ofSite(String siteName) {
        return ofSite(siteName, Set.of());
    }

    /** The backlinks of a whole site that are of these types (all when empty). */
    public Optional<Found> ofSite(String siteName, Set<Interaction.Type> types) {
        Optional<Site> site = sites.byName(siteName);
        return site.map(s -> found("Backlinks to " + s.title(), s.baseUrl().toString(), approved("site", s.name(), null, types, SHOWN)));
    }

    /** The language set for the site of this article (its {@code language}), if any. */
    public Optional<String> languageOf(String target) {
        return Urls.parseCanonical(target).flatMap(sites::siteOf).map(Site::language);
    }

    /** The key of an article's feed version, when the target is an article of a configured site. */
    public Optional<String> articleVersionKey(String target) {
        return Urls.parseCanonical(target).flatMap(sites::articleOf)
                .map(uri -> FeedVersions.articleKey(uri.toString()));
    }

    /** The key of a site's feed version, when there is a site of that name. */
    public Optional<String> siteVersionKey(String siteName) {
        return sites.byName(siteName).map(site -> FeedVersions.siteKey(site.name()));
    }

    /**
     * The version of a feed: it changes with every change to its backlinks, at once in this
     * process and within {@link FeedVersions#RECHECK} in others sharing the database.
     */
    public long version(String versionKey) {
        return versions.current(versionKey);
    }

    private Found found(String title, String home, List<Backlink> mentions) {
        Instant changed = mentions.stream().map(Backlink::updatedAt).max(Instant::compareTo).orElse(startedAt);
        return new Found(title, home, mentions, changed);
    }

    private static String titleOf(Kind kind) {
        return kind == null ? "Backlinks" : switch (kind) {
            case PINGBACK -> "Pingbacks";
            case TRACKBACK -> "TrackBacks";
            case WEBMENTION -> "Webmentions";
            case ACTIVITYPUB -> "Fediverse reactions";
        };
    }

    /**
     * The newest approved backlinks where {@code column} (target or site) is key. Ordered by every
     * column of the index on (column, status, received_at, id), so the database reads only the rows
     * it returns, from the end of that index (HSQLDB uses an index for ORDER BY only then).
     */
    private List<Backlink> approved(String column, String key, Kind kind, Set<Interaction.Type> types, int limit) {
        return database.read(h -> {
            var query = h.createQuery(BacklinkRows.SELECT + "WHERE " + column + " = :key AND status = :status"
                                      + (kind == null ? "" : " AND kind = :kind")
                                      + (types.isEmpty() ? "" : " AND interaction IN (<types>)")
                                      + " ORDER BY " + column + " DESC, status DESC, received_at DESC, id DESC FETCH FIRST :limit ROWS ONLY")
                    .bind("key", key)
                    .bind("limit", limit)
                    .bind("status", ModerationStatus.APPROVED.id());
            if (kind != null) {
                query.bind("kind", kind.id());
            }
            if (!types.isEmpty()) {
                query.bindList("types", types.stream().map(Interaction.Type::id).sorted().toList());
            }
            return query.map(BacklinkRows::readable).list().stream().filter(Objects::nonNull).toList();
        });
    }
}
