package org.linkback.feed;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.linkback.config.Site;
import org.linkback.config.Sites;
import org.linkback.http.ConditionalGet;
import org.linkback.store.Kind;
import org.linkback.store.Mention;
import org.linkback.store.MentionStore;
import org.linkback.url.Urls;

/**
 * Renders and sends backlink feeds: for one article or a whole site, in any format,
 * with conditional GET and CORS.
 */
public final class Feeds {

    /** Newest entries a feed shows. */
    static final int FEED_SIZE = 100;

    private final MentionStore store;
    private final Sites sites;
    private final URI publicUrl;
    private final String cacheControl;
    private final Instant startedAt = Instant.now();

    /**
     * @param maxAge how long browsers and proxies may reuse a feed without asking again
     */
    public Feeds(MentionStore store, Sites sites, URI publicUrl, java.time.Duration maxAge) {
        this.store = store;
        this.sites = sites;
        this.publicUrl = publicUrl;
        this.cacheControl = "public, max-age=" + maxAge.toSeconds();
    }

    /** One article's approved backlinks, newest first. */
    public record Article(String target, List<Mention> backlinks) {
    }

    /**
     * The approved backlinks of an article, if the target is an article of a configured site.
     */
    public Optional<Article> article(String target) {
        return articleKey(target).map(key -> new Article(key, store.approvedForTarget(key, FEED_SIZE)));
    }

    /** The canonical URL of an article of a configured site. */
    private Optional<String> articleKey(String target) {
        return Urls.parseCanonical(target).filter(uri -> sites.siteOf(uri).isPresent()).map(URI::toString);
    }

    /** Cache-Control for backlink data: feeds, the widget, the embed page. */
    public String cacheControl() {
        return cacheControl;
    }

    /**
     * Sends the feed of one article's backlinks (of one kind, or all when kind is null).
     *
     * @param selfPathAndQuery this feed's own path and query, for its self link
     * @return false, sending nothing, when the target is not an article of a configured site
     */
    public boolean sendForTarget(ServerRequest req, ServerResponse res, FeedFormat format, String target, Kind kind,
                                 String selfPathAndQuery) {
        Optional<String> article = articleKey(target);
        if (article.isEmpty()) {
            return false;
        }
        String key = article.get();
        List<Mention> mentions = kind == null ? store.approvedForTarget(key, FEED_SIZE) : store.approvedForTarget(key, kind, FEED_SIZE);
        String title = (kind == null ? "Backlinks" : switch (kind) {
            case PINGBACK -> "Pingbacks";
            case TRACKBACK -> "TrackBacks";
            case WEBMENTION -> "Webmentions";
        }) + " to " + key;
        send(req, res, format, backlinks(title, key, publicUrl + selfPathAndQuery, mentions));
        return true;
    }

    /**
     * Sends the feed of a whole site's backlinks.
     *
     * @return false, sending nothing, when there is no site of that name
     */
    public boolean sendForSite(ServerRequest req, ServerResponse res, FeedFormat format, String siteName, String selfPathAndQuery) {
        Optional<Site> site = sites.byName(siteName);
        site.ifPresent(s -> send(req, res, format, backlinks("Backlinks to " + s.title(), s.baseUrl().toString(),
                                                             publicUrl + selfPathAndQuery,
                                                             store.approvedForSite(s.name(), FEED_SIZE))));
        return site.isPresent();
    }

    /** "?name=value", URL-encoded, for self links. */
    public static String query(String name, String value) {
        return "?" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private Backlinks backlinks(String title, String home, String self, List<Mention> mentions) {
        Instant updated = mentions.stream().map(Mention::updatedAt).max(Instant::compareTo).orElse(startedAt);
        return new Backlinks(title, home, self, mentions, updated);
    }

    private void send(ServerRequest req, ServerResponse res, FeedFormat format, Backlinks backlinks) {
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        res.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "ETag, Last-Modified");
        res.header(HeaderNames.CACHE_CONTROL, cacheControl);
        FeedWriter writer = format.writer();
        ConditionalGet.send(req, res, writer.write(backlinks), backlinks.updated(), writer.contentType());
    }
}
