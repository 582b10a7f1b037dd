package org.linkback.widget;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import org.linkback.store.Kind;
import org.linkback.store.Mention;
import org.linkback.url.Urls;

/**
 * The backlinks of one article as a complete HTML page, for an iframe or a page without
 * JavaScript. Built as a jsoup DOM, so every remote string is escaped by construction.
 */
final class EmbedPage {

    /** Colour scheme: follow the reader's system, or force one. */
    enum Theme { AUTO, LIGHT, DARK }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final String LIGHT = "--text:#1c1917;--muted:#57534e;--link:#1d4ed8;--rule:#e7e5e4;--bg:#fff;";
    private static final String DARK = "--text:#e7e5e4;--muted:#a8a29e;--link:#93c5fd;--rule:#44403c;--bg:#1c1917;";
    private static final String CSS = "body{margin:0;padding:.75rem;font-family:system-ui,sans-serif;color:var(--text);"
                                      + "background:var(--bg)}h1{font-size:1.1rem;margin:0 0 .5rem}ol{list-style:none;"
                                      + "margin:0;padding:0}li{padding:.6rem 0;border-top:1px solid var(--rule)}"
                                      + ".kind{font-weight:600}a{color:var(--link)}.meta{color:var(--muted);"
                                      + "font-size:.85rem}.excerpt{margin:.3rem 0 0}.quiet{color:var(--muted);margin:0}";

    private EmbedPage() {
    }

    static String render(List<Mention> backlinks, Theme theme) {
        Document page = Document.createShell("");
        page.title("Backlinks");
        page.head().prependElement("meta").attr("charset", "utf-8");
        page.head().appendElement("meta").attr("name", "viewport").attr("content", "width=device-width, initial-scale=1");
        page.head().appendElement("meta").attr("name", "color-scheme").attr("content", switch (theme) {
            case AUTO -> "light dark";
            case LIGHT -> "light";
            case DARK -> "dark";
        });
        page.head().appendElement("style").appendText(switch (theme) {
            case AUTO -> ":root{" + LIGHT + "}@media (prefers-color-scheme:dark){:root{" + DARK + "}}" + CSS;
            case LIGHT -> ":root{" + LIGHT + "}" + CSS;
            case DARK -> ":root{" + DARK + "}" + CSS;
        });
        Element body = page.body();
        if (backlinks.isEmpty()) {
            body.appendElement("p").addClass("quiet").text("No backlinks yet.");
            return page.outerHtml();
        }
        body.appendElement("h1").text(backlinks.size() == 1 ? "1 backlink" : backlinks.size() + " backlinks");
        Element list = body.appendElement("ol");
        backlinks.forEach(m -> entry(list.appendElement("li"), m));
        return page.outerHtml();
    }

    private static void entry(Element li, Mention m) {
        Element head = li.appendElement("div");
        head.appendElement("span").addClass("kind").text(label(m.kind()) + ": ");
        if (Urls.parseHttp(m.source()).isPresent()) {
            head.appendElement("a").attr("href", m.source()).attr("rel", "nofollow ugc noopener").attr("target", "_blank")
                    .text(m.titleOrSource());
        } else {
            head.appendElement("span").text(m.titleOrSource());
        }
        head.appendElement("span").addClass("blog").text(" | " + m.authorOrHost());
        li.appendElement("time").addClass("meta").attr("datetime", m.receivedAt().toString()).text(DATE.format(m.receivedAt()));
        if (m.excerpt() != null) {
            li.appendElement("p").addClass("excerpt").text(m.excerpt());
        }
    }

    /** How a blog labels each kind of backlink. */
    static String label(Kind kind) {
        return switch (kind) {
            case PINGBACK -> "Pingback";
            case TRACKBACK -> "Trackback";
            case WEBMENTION -> "Mention";
        };
    }
}
