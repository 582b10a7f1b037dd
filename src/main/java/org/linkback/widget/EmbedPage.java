package org.linkback.widget;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import org.linkback.backlink.Backlink;
import org.linkback.http.Resources;
import org.linkback.i18n.Messages;
import org.linkback.mf2.Interaction;
import org.linkback.url.Urls;

/**
 * The backlinks of one article as HTML in a reader's language: a whole page for an iframe or a
 * page without JavaScript ({@code /embed}), or the section the widget puts in its shadow root.
 * Built as a jsoup DOM, so every remote string is escaped by construction; remote titles and
 * names are isolated ({@code dir=auto}) so a Hebrew title does not reorder an English line.
 */
final class EmbedPage {

    /** Colour scheme: follow the reader's system, or force one. */
    enum Theme { AUTO, LIGHT, DARK }

    static final String CSS = new String(Resources.bytes("widget/backlinks.css"), StandardCharsets.UTF_8);
    private static final String LIGHT = "--linkback-text:#1c1917;--linkback-muted:#57534e;--linkback-accent:#1d4ed8;"
                                        + "--linkback-background:#fff;--linkback-rule:#d6d3d1;--linkback-face:#e7e5e4;";
    private static final String DARK = "--linkback-text:#f5f5f4;--linkback-muted:#d6d3d1;--linkback-accent:#93c5fd;"
                                       + "--linkback-background:#1c1917;--linkback-rule:#57534e;--linkback-face:#44403c;";
    private static final String PAGE = ":root{--linkback-font:system-ui,sans-serif}body{margin:0;padding:.75rem}";
    /** Shown as faces rather than listed. */
    private static final List<Interaction.Type> FACES = List.of(Interaction.Type.LIKE, Interaction.Type.REPOST, Interaction.Type.BOOKMARK);

    private EmbedPage() {
    }

    /** The whole page: {@code <html lang dir>}, a heading, the backlinks. */
    static String page(List<Backlink> backlinks, Theme theme, boolean avatars, Messages words) {
        Document page = Document.createShell("");
        page.outputSettings().prettyPrint(false); // keeps the line breaks of a reply's text
        page.selectFirst("html").attr("lang", words.tag()).attr("dir", words.dir());
        page.title(words.text("widget.title"));
        page.head().prependElement("meta").attr("charset", "utf-8");
        page.head().appendElement("meta").attr("name", "viewport").attr("content", "width=device-width, initial-scale=1");
        page.head().appendElement("meta").attr("name", "color-scheme").attr("content", switch (theme) {
            case AUTO -> "light dark";
            case LIGHT -> "light";
            case DARK -> "dark";
        });
        // a style sheet is data, not text: as text its ">" would be escaped and the rule lost
        page.head().appendElement("style").appendChild(new DataNode(switch (theme) {
            case AUTO -> ":root{" + LIGHT + "}@media (prefers-color-scheme:dark){:root{" + DARK + "}}";
            case LIGHT -> ":root{" + LIGHT + "}";
            case DARK -> ":root{" + DARK + "}";
        } + PAGE + CSS));
        Element main = page.body().appendElement("main");
        render(main, backlinks, avatars, words, "h1");
        return page.outerHtml();
    }

    /** The section alone, with its style, for the widget's shadow root. */
    static String section(List<Backlink> backlinks, boolean avatars, Messages words) {
        Document fragment = Document.createShell("");
        fragment.outputSettings().prettyPrint(false);
        fragment.body().appendElement("style").appendChild(new DataNode(CSS));
        render(fragment.body(), backlinks, avatars, words, "h2");
        return fragment.body().html();
    }

    private static void render(Element parent, List<Backlink> backlinks, boolean avatars, Messages words, String headingTag) {
        Element section = parent.appendElement("section").addClass("linkbacks")
                .attr("aria-labelledby", "linkbacks-heading").attr("lang", words.tag()).attr("dir", words.dir());
        section.appendElement(headingTag).attr("id", "linkbacks-heading").text(words.text("widget.heading"));
        if (backlinks.isEmpty()) {
            section.appendElement("p").addClass("quiet").text(words.text("widget.empty"));
            return;
        }
        Map<Interaction.Type, List<Backlink>> byType = new EnumMap<>(Interaction.Type.class);
        backlinks.forEach(m -> byType.computeIfAbsent(m.interaction().type(), t -> new ArrayList<>()).add(m));
        section.appendElement("p").addClass("count").text(count(byType, backlinks.size(), words));
        Function<Instant, String> dates = words.dates();
        for (Interaction.Type type : FACES) {
            List<Backlink> those = byType.getOrDefault(type, List.of());
            if (!those.isEmpty()) {
                Element faces = section.appendElement("ul").addClass("faces").addClass(type.id())
                        .attr("aria-label", words.text("widget.count." + type.id(), "count", those.size()));
                those.forEach(m -> face(faces.appendElement("li"), m, type, avatars, words));
            }
        }
        List<Backlink> listed = backlinks.stream().filter(m -> !FACES.contains(m.interaction().type())).toList();
        if (!listed.isEmpty()) {
            Element list = section.appendElement("ol").addClass("entries");
            listed.forEach(m -> entry(list.appendElement("li").addClass("entry"), m, avatars, words, dates));
        }
    }

    /** "3 replies · 12 likes · 2 reposts"; only plain mentions: "N backlinks", as before types existed. */
    static String count(Map<Interaction.Type, List<Backlink>> byType, int total, Messages words) {
        if (byType.getOrDefault(Interaction.Type.MENTION, List.of()).size() == total) {
            return words.text("widget.count.backlinks", "count", total);
        }
        List<String> parts = new ArrayList<>();
        for (Interaction.Type type : Interaction.Type.values()) {
            int n = byType.getOrDefault(type, List.of()).size();
            if (n > 0) {
                parts.add(words.text("widget.count." + type.id(), "count", n));
            }
        }
        return String.join(" \u00b7 ", parts);
    }

    /** A like, repost or bookmark: the author's picture (or initial), a link named "Bob liked this". */
    private static void face(Element li, Backlink m, Interaction.Type type, boolean avatars, Messages words) {
        Interaction.Author author = m.interaction().author();
        String name = m.authorName();
        String did = words.text("widget.face." + type.id(), "name", name);
        Optional<String> link = Optional.ofNullable(author.url()).filter(u -> Urls.parseHttp(u).isPresent())
                .or(() -> Optional.of(m.source()).filter(u -> Urls.parseHttp(u).isPresent()));
        Element face = link.isPresent()
                ? li.appendElement("a").attr("href", link.get()).attr("rel", "nofollow ugc noopener").attr("target", "_blank")
                // not a link: still reachable by keyboard, so its name can be read and its tooltip shown
                : li.appendElement("span").attr("role", "img").attr("tabindex", "0");
        String initial = name.isBlank() ? "?" : name.strip().substring(0, name.strip().offsetByCodePoints(0, 1)).toUpperCase(Locale.ROOT);
        face.addClass("face").attr("title", did).attr("aria-label", did).attr("data-initial", initial);
        Optional<String> photo = picture(author, avatars);
        if (photo.isPresent()) {
            image(face, photo.get(), name);
        } else {
            face.text(initial);
        }
    }

    /** A picture from another site, named by its author: loaded lazily, without a referrer. */
    private static Element image(Element parent, String src, String name) {
        return parent.appendElement("img").attr("src", src).attr("alt", name).attr("loading", "lazy")
                .attr("referrerpolicy", "no-referrer");
    }

    private static Optional<String> picture(Interaction.Author author, boolean avatars) {
        return avatars ? Optional.ofNullable(author.photo()).filter(u -> Urls.parseHttp(u).isPresent()) : Optional.empty();
    }

    private static void entry(Element li, Backlink m, boolean avatars, Messages words, Function<Instant, String> dates) {
        Interaction said = m.interaction();
        Element head = li.appendElement("div").addClass("head");
        Optional<String> avatar = picture(said.author(), avatars);
        avatar.ifPresent(photo -> image(head, photo, m.authorName()).addClass("avatar"));
        if (said.type() == Interaction.Type.REPLY || said.type() == Interaction.Type.RSVP) {
            Element author = head.appendElement("span").addClass("author").attr("dir", "auto").text(m.authorName());
            if (avatar.isPresent()) {
                author.attr("aria-hidden", "true"); // the picture already says the name (the widget undoes this if it fails)
            }
            head.appendText(" ");
            String what = said.type() == Interaction.Type.RSVP
                    ? words.text("widget.rsvp", "answer", said.rsvp() == null ? "" : said.rsvp())
                    : words.text("widget.replied");
            // a link only to an http(s) page: the entry's own URL, else the source (remote text decides neither scheme)
            Optional<String> url = Optional.ofNullable(said.url()).filter(u -> Urls.parseHttp(u).isPresent())
                    .or(() -> Optional.of(m.source()).filter(u -> Urls.parseHttp(u).isPresent()));
            if (url.isPresent()) {
                head.appendElement("a").addClass("title").attr("href", url.get()).attr("rel", "nofollow ugc noopener")
                        .attr("target", "_blank").text(what);
            } else {
                head.appendElement("span").addClass("title").text(what);
            }
            if (said.contentText() != null) {
                li.appendElement("p").addClass("text").attr("dir", "auto").text(said.contentText());
            }
        } else {
            // "Pingback: Title | Blog", as a blog shows it
            head.appendElement("span").addClass("kind").text(words.text("widget.kind." + m.kind().id()) + ": ");
            if (Urls.parseHttp(m.source()).isPresent()) {
                head.appendElement("a").addClass("title").attr("href", m.source()).attr("rel", "nofollow ugc noopener")
                        .attr("target", "_blank").attr("dir", "auto").text(m.titleOrSource());
            } else {
                head.appendElement("span").addClass("title").attr("dir", "auto").text(m.titleOrSource());
            }
            head.appendElement("span").addClass("blog").text(" | ").appendElement("span").attr("dir", "auto").text(m.authorName());
            if (m.excerpt() != null) {
                li.appendElement("p").addClass("excerpt").attr("dir", "auto").text(m.excerpt());
            }
        }
        li.appendElement("time").addClass("meta").attr("datetime", m.receivedAt().toString()).text(dates.apply(m.receivedAt()));
    }
}
