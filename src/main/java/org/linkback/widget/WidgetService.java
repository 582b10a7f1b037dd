package org.linkback.widget;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.linkback.feed.PublishedBacklinks;
import org.linkback.http.CacheableAnswer;
import org.linkback.http.Resources;
import org.linkback.i18n.Messages;
import org.linkback.i18n.Translations;

/**
 * {@code GET /widget.js}, the script site owners paste into their template;
 * {@code GET /widget/backlinks?target=URL[&lang=][&avatars=false]}, the section it shows; and
 * {@code GET /embed?target=URL[&lang=][&theme=light|dark]}, the same as a page for an iframe.
 * Both speak the reader's language: {@code lang} (the widget passes its {@code data-lang}),
 * else the site's {@code language}, else the reader's {@code Accept-Language}, else English.
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
    private final Translations translations;
    /** The words may change with a new release: a page is never older than the words it was made of. */
    private final Instant wordsSince = Instant.now();
    /** Rendered sections and pages by article, kind, theme, pictures and language, with the version they show. */
    private final Cache<String, Rendered> pages = Caffeine.newBuilder()
            .maximumWeight(16 * 1024 * 1024)
            .weigher((String key, Rendered page) -> key.length() + page.document().body().length
                                                     + (page.document().gzipped() == null ? 0 : page.document().gzipped().length))
            .build();

    private record Rendered(long version, CacheableAnswer.Document document) {
    }

    /** @param avatars whether the widget and the embed page show authors' pictures (linkback.widget.avatars) */
    public WidgetService(PublishedBacklinks backlinks, CacheableAnswer cacheable, boolean avatars, Translations translations) {
        this.backlinks = backlinks;
        this.cacheable = cacheable;
        this.avatars = avatars;
        this.translations = translations;
        String source = new String(Resources.bytes("widget/widget.js"), StandardCharsets.UTF_8)
                .replace("/*linkback:failed*/{}", failedInEveryLanguage(translations));
        if (!avatars) {
            source = source.replace("/*linkback:avatars*/true", "/*linkback:avatars*/false");
        }
        this.script = CacheableAnswer.Document.kept(source.getBytes(StandardCharsets.UTF_8), Instant.now(),
                                                    "application/javascript; charset=utf-8");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/widget.js", this::widget)
                .get("/widget/backlinks", this::section)
                .get("/embed", this::embed);
    }

    private void widget(ServerRequest req, ServerResponse res) {
        cacheable.send(req, res, script);
    }

    private void section(ServerRequest req, ServerResponse res) {
        String target = req.query().first("target").orElse("");
        boolean pictures = avatars && !req.query().first("avatars").orElse("").equals("false");
        Optional<CacheableAnswer.Document> page = rendered(target, "section", null, pictures, language(req, target));
        if (page.isEmpty()) {
            CacheableAnswer.cors(res);
            res.status(Status.NOT_FOUND_404).send("no site served here has that article\n");
            return;
        }
        // fetched by the widget and never meant to be opened: if it is, nothing in it may run
        res.header(HeaderNames.create("Content-Security-Policy"), (pictures ? EMBED_CSP_WITH_AVATARS : EMBED_CSP) + "; sandbox");
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.header(HeaderNames.VARY, "Accept-Language");
        cacheable.send(req, res, page.get());
    }

    private void embed(ServerRequest req, ServerResponse res) {
        String target = req.query().first("target").orElse("");
        Optional<EmbedPage.Theme> theme = theme(req.query().first("theme").orElse("auto"));
        res.header(HeaderNames.create("Content-Security-Policy"), avatars ? EMBED_CSP_WITH_AVATARS : EMBED_CSP);
        if (theme.isEmpty()) {
            res.status(Status.BAD_REQUEST_400).send("theme is light, dark or auto\n");
            return;
        }
        Optional<CacheableAnswer.Document> page = rendered(target, "page", theme.get(), avatars, language(req, target));
        if (page.isEmpty()) {
            res.status(Status.NOT_FOUND_404).send("no site served here has that article\n");
            return;
        }
        res.header(HeaderNames.VARY, "Accept-Language");
        cacheable.send(req, res, page.get());
    }

    /**
     * The article's section or page in these words, rendered again only when its backlinks
     * changed (the feeds' version check): a widget under a busy article costs a lookup, not a
     * query and a render per reader. Empty when the target is no article of ours.
     */
    private Optional<CacheableAnswer.Document> rendered(String target, String kind, EmbedPage.Theme theme, boolean pictures,
                                                        Messages words) {
        Optional<String> versionKey = backlinks.articleVersionKey(target);
        if (versionKey.isEmpty()) {
            return Optional.empty();
        }
        String key = kind + " " + theme + " " + pictures + " " + words.tag() + " " + versionKey.get();
        long version = backlinks.version(versionKey.get()); // read before the backlinks: a race renders again, never serves stale
        Rendered known = pages.getIfPresent(key);
        if (known != null && known.version() == version) {
            return Optional.of(known.document());
        }
        Optional<PublishedBacklinks.Found> article = backlinks.ofArticle(target, Set.of());
        if (article.isEmpty()) {
            return Optional.empty();
        }
        String html = theme == null ? EmbedPage.section(article.get().mentions(), pictures, words)
                : EmbedPage.page(article.get().mentions(), theme, pictures, words);
        CacheableAnswer.Document document = CacheableAnswer.Document.kept(html.getBytes(StandardCharsets.UTF_8), changed(article.get()),
                                                                          "text/html; charset=utf-8");
        pages.put(key, new Rendered(version, document));
        return Optional.of(document);
    }

    /**
     * Last-Modified of a page in words: its backlinks' last change, or this start if later (a new
     * release's words). A site's language changed at run time shows through the ETag, which is a
     * hash of the page and wins over If-Modified-Since.
     */
    private Instant changed(PublishedBacklinks.Found article) {
        return article.lastChanged().isAfter(wordsSince) ? article.lastChanged() : wordsSince;
    }

    /** lang, else the site's language, else Accept-Language, else English (the contract's order). */
    private Messages language(ServerRequest req, String target) {
        return translations.choose(Arrays.asList(req.query().first("lang").orElse(null), backlinks.languageOf(target).orElse(null)),
                                   req.headers().first(HeaderNames.ACCEPT_LANGUAGE).orElse(null));
    }

    /** The widget's one sentence of its own (when the server cannot be reached), in every language, for the script. */
    private static String failedInEveryLanguage(Translations translations) {
        Map<String, String> failed = new LinkedHashMap<>();
        translations.all().forEach(words -> failed.put(words.tag(), words.text("widget.failed")));
        try {
            return new ObjectMapper().writeValueAsString(failed).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<EmbedPage.Theme> theme(String value) {
        try {
            return Optional.of(EmbedPage.Theme.valueOf(value.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
