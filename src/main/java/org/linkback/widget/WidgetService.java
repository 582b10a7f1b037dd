package org.linkback.widget;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.linkback.feed.PublishedBacklinks;
import org.linkback.http.CacheableAnswer;
import org.linkback.http.Resources;

/**
 * {@code GET /widget.js}, the script site owners paste into their template, and
 * {@code GET /embed?target=URL[&theme=light|dark]}, the same list as a page for an iframe.
 */
public final class WidgetService implements HttpService {

    /** No script may run in the embed page, whatever a backlink contains; it may be framed anywhere. */
    private static final String EMBED_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
    /** The same, and authors' pictures from any http(s) site (linkback.widget.avatars). */
    private static final String EMBED_CSP_WITH_AVATARS = EMBED_CSP + "; img-src http: https:";

    private final PublishedBacklinks backlinks;
    private final CacheableAnswer cacheable;
    private final CacheableAnswer.Document script;
    private final boolean avatars;

    /** @param avatars whether the widget and the embed page show authors' pictures (linkback.widget.avatars) */
    public WidgetService(PublishedBacklinks backlinks, CacheableAnswer cacheable, boolean avatars) {
        this.backlinks = backlinks;
        this.cacheable = cacheable;
        this.avatars = avatars;
        String source = new String(Resources.bytes("widget/widget.js"), StandardCharsets.UTF_8);
        if (!avatars) {
            source = source.replace("/*linkback:avatars*/true", "/*linkback:avatars*/false");
        }
        this.script = CacheableAnswer.Document.kept(source.getBytes(StandardCharsets.UTF_8), Instant.now(),
                                                    "application/javascript; charset=utf-8");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/widget.js", this::widget)
                .get("/embed", this::embed);
    }

    private void widget(ServerRequest req, ServerResponse res) {
        cacheable.send(req, res, script);
    }

    private void embed(ServerRequest req, ServerResponse res) {
        Optional<EmbedPage.Theme> theme = theme(req.query().first("theme").orElse("auto"));
        Optional<PublishedBacklinks.Found> article = backlinks.ofArticle(req.query().first("target").orElse(""), Set.of());
        res.header(HeaderNames.create("Content-Security-Policy"), avatars ? EMBED_CSP_WITH_AVATARS : EMBED_CSP);
        if (theme.isEmpty()) {
            res.status(Status.BAD_REQUEST_400).send("theme is light, dark or auto\n");
            return;
        }
        if (article.isEmpty()) {
            res.status(Status.NOT_FOUND_404).send("no site served here has that article\n");
            return;
        }
        byte[] html = EmbedPage.render(article.get().mentions(), theme.get(), avatars).getBytes(StandardCharsets.UTF_8);
        cacheable.send(req, res, html, article.get().lastChanged(), "text/html; charset=utf-8");
    }

    private static Optional<EmbedPage.Theme> theme(String value) {
        try {
            return Optional.of(EmbedPage.Theme.valueOf(value.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
