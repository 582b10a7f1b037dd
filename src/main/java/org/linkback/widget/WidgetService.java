package org.linkback.widget;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.linkback.feed.Feeds;
import org.linkback.http.ConditionalGet;
import org.linkback.http.Resources;
import org.linkback.store.Mention;

/**
 * {@code GET /widget.js}, the script site owners paste into their template, and
 * {@code GET /embed?target=URL[&theme=light|dark]}, the same list as a page for an iframe.
 */
public final class WidgetService implements HttpService {

    /** No script may run in the embed page, whatever a backlink contains; it may be framed anywhere. */
    private static final String EMBED_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

    private final Feeds feeds;
    private final byte[] script;
    private final Instant startedAt = Instant.now();

    public WidgetService(Feeds feeds) {
        this.feeds = feeds;
        this.script = Resources.bytes("widget/widget.js");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/widget.js", this::widget)
                .get("/embed", this::embed);
    }

    private void widget(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CACHE_CONTROL, feeds.cacheControl());
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        ConditionalGet.send(req, res, script, startedAt, "application/javascript; charset=utf-8");
    }

    private void embed(ServerRequest req, ServerResponse res) {
        Optional<EmbedPage.Theme> theme = theme(req.query().first("theme").orElse("auto"));
        Optional<Feeds.Article> article = feeds.article(req.query().first("target").orElse(""));
        res.header(HeaderNames.create("Content-Security-Policy"), EMBED_CSP);
        if (theme.isEmpty()) {
            res.status(Status.BAD_REQUEST_400).send("theme is light, dark or auto\n");
            return;
        }
        if (article.isEmpty()) {
            res.status(Status.NOT_FOUND_404).send("no site served here has that article\n");
            return;
        }
        res.header(HeaderNames.CACHE_CONTROL, feeds.cacheControl());
        Instant updated = article.get().backlinks().stream().map(Mention::updatedAt).max(Instant::compareTo).orElse(startedAt);
        byte[] html = EmbedPage.render(article.get().backlinks(), theme.get()).getBytes(StandardCharsets.UTF_8);
        ConditionalGet.send(req, res, html, updated, "text/html; charset=utf-8");
    }

    private static Optional<EmbedPage.Theme> theme(String value) {
        try {
            return Optional.of(EmbedPage.Theme.valueOf(value.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
