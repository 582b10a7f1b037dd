package org.linkback.site;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

import org.linkback.config.LinkbackConfig;
import org.linkback.config.Site;

/** A site as a row of the {@code site} table, and back. */
final class SiteRows {

    static final String COLUMNS = "name, base_url, title, aliases, moderation, feed_url, ignore_trailing_slash, language, origin, fediverse, fediverse_domain";
    static final String VALUES = ":name, :baseUrl, :title, :aliases, :moderation, :feedUrl, :ignoreSlash, :language, :origin, :fediverse, :fediverseDomain";
    /** The columns a change may set (all but the name and the origin). */
    static final String CHANGES = "base_url = :baseUrl, title = :title, aliases = :aliases, moderation = :moderation, "
                                  + "feed_url = :feedUrl, ignore_trailing_slash = :ignoreSlash, language = :language, "
                                  + "fediverse = :fediverse, fediverse_domain = :fediverseDomain";

    private SiteRows() {
    }

    /** The sites not deleted, by name. */
    static List<Site> active(Handle h) {
        return h.createQuery("SELECT " + COLUMNS + " FROM site WHERE deleted_at IS NULL ORDER BY name")
                .map((rs, ctx) -> site(rs))
                .list();
    }

    static <T extends SqlStatement<T>> T bind(T statement, Site site) {
        return statement.bind("name", site.name())
                .bind("baseUrl", site.baseUrl().toString())
                .bind("title", site.title())
                .bind("aliases", aliases(site))
                .bind("moderation", site.moderation() == null ? null : site.moderation().name().toLowerCase(Locale.ROOT))
                .bind("feedUrl", site.feedUrl() == null ? null : site.feedUrl().toString())
                .bind("ignoreSlash", site.ignoreTrailingSlash())
                .bind("language", site.language())
                .bind("origin", site.origin().id())
                .bind("fediverse", site.fediverse().id())
                .bind("fediverseDomain", site.fediverseDomain());
    }

    /** One a line; null for none (as an import writes an empty list). */
    private static String aliases(Site site) {
        return site.aliases().isEmpty() ? null : String.join("\n", site.aliases().stream().map(URI::toString).toList());
    }

    private static Site site(ResultSet rs) throws SQLException {
        String aliases = rs.getString("aliases");
        String moderation = rs.getString("moderation");
        String feed = rs.getString("feed_url");
        return new Site(rs.getString("name"), URI.create(rs.getString("base_url")), rs.getString("title"),
                        moderation == null ? null : LinkbackConfig.ModerationDefault.valueOf(moderation.toUpperCase(Locale.ROOT)),
                        feed == null ? null : URI.create(feed),
                        aliases == null || aliases.isEmpty() ? List.of() : Arrays.stream(aliases.split("\n")).map(URI::create).toList(),
                        rs.getBoolean("ignore_trailing_slash"), rs.getString("language"), Site.Origin.fromId(rs.getString("origin")),
                        rs.getString("fediverse") == null ? Site.Fediverse.ALL : Site.Fediverse.fromId(rs.getString("fediverse")),
                        rs.getString("fediverse_domain"));
    }

}
