package org.linkback.feed;

import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /backlinks.atom|rss|json?target=URL} (one article) or {@code ?site=NAME} (a whole site).
 */
public final class FeedService implements HttpService {

    private final Feeds feeds;

    public FeedService(Feeds feeds) {
        this.feeds = feeds;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/backlinks.atom", (req, res) -> serve(req, res, FeedFormat.ATOM, "/backlinks.atom"))
                .get("/backlinks.rss", (req, res) -> serve(req, res, FeedFormat.RSS, "/backlinks.rss"))
                .get("/backlinks.json", (req, res) -> serve(req, res, FeedFormat.JSON, "/backlinks.json"));
    }

    private void serve(ServerRequest req, ServerResponse res, FeedFormat format, String path) {
        Optional<String> target = req.query().first("target").asOptional();
        Optional<String> site = req.query().first("site").asOptional();
        boolean found;
        if (target.isPresent()) {
            found = feeds.sendForTarget(req, res, format, target.get(), null, path + Feeds.query("target", target.get()));
        } else if (site.isPresent()) {
            found = feeds.sendForSite(req, res, format, site.get(), path + Feeds.query("site", site.get()));
        } else {
            error(res, Status.BAD_REQUEST_400, "give target=URL (one article) or site=NAME (a whole site)");
            return;
        }
        if (!found) {
            error(res, Status.NOT_FOUND_404, "no site served here has that article");
        }
    }

    /** Errors are readable from other origins too, so a widget can tell "no such article" from a network fault. */
    private static void error(ServerResponse res, Status status, String message) {
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        res.status(status).send(message + "\n");
    }
}
