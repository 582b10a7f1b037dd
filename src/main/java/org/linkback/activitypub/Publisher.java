package org.linkback.activitypub;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jdbi.v3.core.Handle;
import org.jsoup.Jsoup;

import org.linkback.config.Site;
import org.linkback.mf2.Interaction;
import org.linkback.send.FeedWatcher;
import org.linkback.store.Database;
import org.linkback.text.Text;
import org.linkback.url.Urls;

/**
 * Publishes a site's articles to its followers as the feed watcher finds them: a new entry gets
 * an Article object (served at its id here) and a signed {@code Create} to every follower's
 * server; a changed one an {@code Update}. Nothing from the first look at a feed (its backlog)
 * and nothing published more than two weeks ago is sent, but each becomes an object, so a
 * reply to it is understood and a search for its URL finds it.
 */
final class Publisher implements FeedWatcher.Listener {

    /** Entries published longer ago than this are not sent (a feed that gained an old entry). */
    static final Duration TOO_OLD = Duration.ofDays(14);
    private static final int MAX_SUMMARY_TEXT = 500;

    private final Database database;
    private final Actors actors;
    private final ActorKeys keys;
    private final Deliveries deliveries;
    private final Clock clock;

    Publisher(Database database, Actors actors, ActorKeys keys, Deliveries deliveries, Clock clock) {
        this.database = database;
        this.actors = actors;
        this.keys = keys;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    /** An article's object as stored. */
    record Article(String key, String site, String url, String title, String summary, Instant published, Instant updated) {
    }

    @Override
    public void read(Site site, FeedWatcher.Feed feed) {
        if (!site.fediverse().on()) {
            return;
        }
        String icon = Optional.ofNullable(feed.icon()).flatMap(Urls::parseHttp).map(Object::toString).orElse(null);
        if (icon != null) {
            keys.of(site.name()); // the actor's row
            database.useTransaction(h -> h.createUpdate("UPDATE fediverse_actor SET icon = :icon WHERE site = :site "
                                                        + "AND (icon IS NULL OR icon <> :icon)")
                    .bind("icon", icon).bind("site", site.name()).execute());
        }
        Instant now = clock.instant();
        for (FeedWatcher.Entry entry : feed.entries()) {
            Instant published = entry.published() != null ? entry.published() : now;
            boolean send = !feed.firstLook() && published.isAfter(now.minus(TOO_OLD));
            String summary = Interaction.safeHtml(entry.summaryHtml(), entry.link().toString());
            Article article = new Article(Actors.objectKey(entry.link().toString()), site.name(), entry.link().toString(),
                                          Text.cap(Text.xmlSafe(entry.title()), 500), summary, published, null);
            database.useTransaction(h -> published(h, site, article, send && entry.isNew(), now));
        }
    }

    /**
     * Stores the article's object, and queues its Create (a new entry to send) or Update (a
     * changed entry sent before).
     */
    private void published(Handle h, Site site, Article article, boolean sendNew, Instant now) {
        Optional<Boolean> delivered = h.createQuery("SELECT delivered FROM fediverse_article WHERE object_key = :key")
                .bind("key", article.key()).mapTo(Boolean.class).findOne();
        if (delivered.isEmpty()) {
            int inserted = database.dialect().insertUnlessTaken(
                    h, "INSERT INTO fediverse_article (object_key, site, url, title, summary, published_at, delivered) "
                       + "VALUES (:key, :site, :url, :title, :summary, :published, :delivered)", "object_key",
                    insert -> insert.bind("key", article.key()).bind("site", article.site()).bind("url", article.url())
                            .bind("title", article.title()).bind("summary", article.summary())
                            .bind("published", Timestamp.from(article.published())).bind("delivered", sendNew));
            if (inserted == 1 && sendNew) {
                deliveries.queueToFollowers(h, site.name(), activity("Create", "#create", site, article));
            }
            return;
        }
        h.createUpdate("UPDATE fediverse_article SET title = :title, summary = :summary, updated_at = :now WHERE object_key = :key")
                .bind("key", article.key()).bind("title", article.title()).bind("summary", article.summary())
                .bind("now", Timestamp.from(now)).execute();
        if (sendNew && !delivered.get()) {
            // an object stored before without being sent (the entry left the feed and came back): sent once, now
            if (h.createUpdate("UPDATE fediverse_article SET delivered = TRUE WHERE object_key = :key AND delivered = FALSE")
                        .bind("key", article.key()).execute() == 1) {
                deliveries.queueToFollowers(h, site.name(), activity("Create", "#create", site, article));
            }
            return;
        }
        if (delivered.get()) {
            Article updated = new Article(article.key(), article.site(), article.url(), article.title(), article.summary(),
                                          find(h, article.key()).map(Article::published).orElse(article.published()), now);
            deliveries.queueToFollowers(h, site.name(), activity("Update", "#update-" + now.toEpochMilli(), site, updated));
        }
    }

    Optional<Article> find(Handle h, String key) {
        return h.createQuery("SELECT object_key, site, url, title, summary, published_at, updated_at FROM fediverse_article WHERE object_key = :key")
                .bind("key", key)
                .map((rs, ctx) -> new Article(rs.getString("object_key"), rs.getString("site"), rs.getString("url"),
                                              rs.getString("title"), rs.getString("summary"), rs.getTimestamp("published_at").toInstant(),
                                              rs.getTimestamp("updated_at") == null ? null : rs.getTimestamp("updated_at").toInstant()))
                .findOne();
    }

    /** The Article object of an article: its {@code url} the article's, its {@code id} served here. */
    Map<String, Object> object(Site site, Article article) {
        return object(site, article, actors.articleId(article.key()));
    }

    /**
     * The object of an article as {@code /ap/articles?url=} serves it, for any article of a site
     * (what the feed showed of it, if it did; else its URL alone), with that URL as its id:
     * Mastodon takes a document found through a page's link only when its id is the link.
     * Made on the fly: nothing is stored or fetched for it.
     */
    Map<String, Object> objectByUrl(Site site, String article) {
        Article known = database.read(h -> find(h, Actors.objectKey(article)))
                .orElse(new Article(Actors.objectKey(article), site.name(), article, null, null, null, null));
        return object(site, known, actors.articleByUrl(article));
    }

    private Map<String, Object> object(Site site, Article article, String id) {
        String actor = actors.actorId(site.name());
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("@context", Actors.CONTEXT.getFirst());
        object.put("id", id);
        object.put("type", "Article");
        object.put("attributedTo", actor);
        if (article.title() != null) {
            object.put("name", article.title());
        }
        if (article.summary() != null) {
            // Mastodon shows an Article as its name, summary and link; other servers show the content
            object.put("summary", Text.cap(Jsoup.parse(article.summary()).text(), MAX_SUMMARY_TEXT));
            object.put("content", article.summary());
        }
        object.put("url", article.url());
        if (article.published() != null) {
            object.put("published", article.published().toString());
        }
        if (article.updated() != null) {
            object.put("updated", article.updated().toString());
        }
        object.put("to", List.of(ActivityJson.PUBLIC));
        object.put("cc", List.of(actor + "/followers"));
        return object;
    }

    private Map<String, Object> activity(String type, String idSuffix, Site site, Article article) {
        Map<String, Object> object = object(site, article);
        object.remove("@context");
        Map<String, Object> activity = new LinkedHashMap<>();
        activity.put("@context", Actors.CONTEXT.getFirst());
        activity.put("id", actors.articleId(article.key()) + idSuffix);
        activity.put("type", type);
        activity.put("actor", actors.actorId(site.name()));
        activity.put("published", (article.updated() != null ? article.updated() : article.published()).toString());
        activity.put("to", object.get("to"));
        activity.put("cc", object.get("cc"));
        activity.put("object", object);
        return activity;
    }
}
