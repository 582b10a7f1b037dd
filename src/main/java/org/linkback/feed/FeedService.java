package org.linkback.feed;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.linkback.config.Site;
import org.linkback.config.Sites;
import org.linkback.store.Mention;
import org.linkback.store.MentionStore;
import org.linkback.url.Urls;

/**
 * {@code GET /backlinks.atom|rss|json?target=URL} (one article) or {@code ?site=NAME} (a whole site).
 */
public final class FeedService implements HttpService {

    /** Newest entries a feed shows. */
    static final int FEED_SIZE = 100;

    private final MentionStore store;
    private final Sites sites;
    private final URI publicUrl;
    private final Instant startedAt = Instant.now();

    public FeedService(MentionStore store, Sites sites, URI publicUrl) {
        this.store = store;
        this.sites = sites;
        this.publicUrl = publicUrl;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/backlinks.atom", (req, res) -> serve(req, res, RomeFeedWriter.ATOM, "backlinks.atom"))
                .get("/backlinks.rss", (req, res) -> serve(req, res, RomeFeedWriter.RSS, "backlinks.rss"))
                .get("/backlinks.json", (req, res) -> serve(req, res, JsonFeedWriter.INSTANCE, "backlinks.json"));
    }

    private void serve(ServerRequest req, ServerResponse res, FeedWriter writer, String path) {
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        res.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "ETag, Last-Modified");
        res.header(HeaderNames.CACHE_CONTROL, "public, max-age=60");
        Optional<String> target = req.query().first("target").asOptional();
        Optional<String> siteName = req.query().first("site").asOptional();
        Optional<Backlinks> backlinks;
        if (target.isPresent()) {
            backlinks = forTarget(target.get(), path);
        } else if (siteName.isPresent()) {
            backlinks = sites.byName(siteName.get()).map(site -> forSite(site, path));
        } else {
            res.status(Status.BAD_REQUEST_400).send("give target=URL (one article) or site=NAME (a whole site)\n");
            return;
        }
        if (backlinks.isEmpty()) {
            res.status(Status.NOT_FOUND_404).send("no site served here has that article\n");
            return;
        }
        ConditionalGet.send(req, res, writer.write(backlinks.get()), backlinks.get().updated(), writer.contentType());
    }

    private Optional<Backlinks> forTarget(String target, String path) {
        return Urls.parseCanonical(target)
                .filter(uri -> sites.siteOf(uri).isPresent())
                .map(uri -> backlinks("Backlinks to " + uri, uri.toString(), selfUrl(path, "target", uri.toString()),
                                      store.approvedForTarget(uri.toString(), FEED_SIZE)));
    }

    private Backlinks forSite(Site site, String path) {
        return backlinks("Backlinks to " + site.title(), site.baseUrl().toString(), selfUrl(path, "site", site.name()),
                         store.approvedForSite(site.name(), FEED_SIZE));
    }

    private Backlinks backlinks(String title, String home, String self, List<Mention> mentions) {
        Instant updated = mentions.stream().map(Mention::updatedAt).max(Instant::compareTo).orElse(startedAt);
        return new Backlinks(title, home, self, mentions, updated);
    }

    private String selfUrl(String path, String parameter, String value) {
        return publicUrl + "/" + path + "?" + parameter + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
