package org.linkback.widget;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import org.linkback.backlink.Backlink;
import org.linkback.backlink.Kind;
import org.linkback.mf2.Interaction;
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
                                      + "font-size:.85rem}.excerpt{margin:.3rem 0 0}.quiet{color:var(--muted);margin:0}"
                                      + ".faces{display:flex;flex-wrap:wrap;gap:.35rem;margin:.4rem 0 .6rem;padding:0}"
                                      + ".faces li{border:0;padding:0}.face{display:inline-flex;width:2.2rem;height:2.2rem;"
                                      + "border-radius:50%;overflow:hidden;background:var(--rule);align-items:center;"
                                      + "justify-content:center;text-decoration:none;color:var(--text);font-weight:600}"
                                      + ".face img{width:100%;height:100%;object-fit:cover}.avatar{width:1.6rem;height:1.6rem;"
                                      + "border-radius:50%;vertical-align:middle;margin-right:.4rem}.author{font-weight:600}"
                                      + ".text{margin:.3rem 0 0;white-space:pre-line}";
    /** Shown as faces rather than listed, with what each did. */
    private static final Map<Interaction.Type, String> FACES = new EnumMap<>(Map.of(
            Interaction.Type.LIKE, "liked this", Interaction.Type.REPOST, "reposted this", Interaction.Type.BOOKMARK, "bookmarked this"));

    private EmbedPage() {
    }

    static String render(List<Backlink> backlinks, Theme theme) {
        return render(backlinks, theme, false);
    }

    /** @param avatars whether to show authors' pictures (the page's CSP must then allow images) */
    static String render(List<Backlink> backlinks, Theme theme, boolean avatars) {
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
        Map<Interaction.Type, List<Backlink>> byType = new EnumMap<>(Interaction.Type.class);
        backlinks.forEach(m -> byType.computeIfAbsent(m.interaction().type(), t -> new ArrayList<>()).add(m));
        body.appendElement("h1").addClass("count").text(heading(byType, backlinks.size()));
        FACES.forEach((type, did) -> {
            if (byType.containsKey(type)) {
                Element faces = body.appendElement("ul").addClass("faces").addClass(type.id());
                byType.get(type).forEach(m -> face(faces.appendElement("li"), m, did, avatars));
            }
        });
        List<Backlink> listed = backlinks.stream().filter(m -> !FACES.containsKey(m.interaction().type())).toList();
        if (!listed.isEmpty()) {
            Element list = body.appendElement("ol");
            listed.forEach(m -> entry(list.appendElement("li"), m, avatars));
        }
        return page.outerHtml();
    }

    /** "3 replies · 12 likes · 2 reposts"; only plain mentions: "N backlinks", as before types existed. */
    static String heading(Map<Interaction.Type, List<Backlink>> byType, int total) {
        if (byType.getOrDefault(Interaction.Type.MENTION, List.of()).size() == total) {
            return total == 1 ? "1 backlink" : total + " backlinks";
        }
        List<String> parts = new ArrayList<>();
        for (Interaction.Type type : Interaction.Type.values()) {
            int n = byType.getOrDefault(type, List.of()).size();
            if (n > 0) {
                parts.add(n + " " + switch (type) {
                    case REPLY -> n == 1 ? "reply" : "replies";
                    case RSVP -> n == 1 ? "RSVP" : "RSVPs";
                    default -> n == 1 ? type.id() : type.id() + "s";
                });
            }
        }
        return String.join(" \u00b7 ", parts);
    }

    private static void face(Element li, Backlink m, String did, boolean avatars) {
        Interaction.Author author = m.interaction().author();
        String name = m.authorName();
        Optional<String> link = Optional.ofNullable(author.url()).filter(u -> Urls.parseHttp(u).isPresent())
                .or(() -> Optional.of(m.source()).filter(u -> Urls.parseHttp(u).isPresent()));
        Element face = link.isPresent()
                ? li.appendElement("a").attr("href", link.get()).attr("rel", "nofollow ugc noopener").attr("target", "_blank")
                : li.appendElement("span");
        face.addClass("face").attr("title", name + " " + did);
        Optional<String> photo = picture(author, avatars);
        if (photo.isPresent()) {
            image(face, photo.get());
        } else {
            face.text(name.isBlank() ? "?" : name.strip().substring(0, name.strip().offsetByCodePoints(0, 1)).toUpperCase(Locale.ROOT));
        }
    }

    /** A picture from another site: loaded lazily, without a referrer. */
    private static Element image(Element parent, String src) {
        return parent.appendElement("img").attr("src", src).attr("alt", "").attr("loading", "lazy").attr("referrerpolicy", "no-referrer");
    }

    private static Optional<String> picture(Interaction.Author author, boolean avatars) {
        return avatars ? Optional.ofNullable(author.photo()).filter(u -> Urls.parseHttp(u).isPresent()) : Optional.empty();
    }

    private static void entry(Element li, Backlink m, boolean avatars) {
        Interaction said = m.interaction();
        if (said.type() == Interaction.Type.REPLY || said.type() == Interaction.Type.RSVP) {
            Element head = li.appendElement("div");
            picture(said.author(), avatars).ifPresent(photo -> image(head, photo).addClass("avatar"));
            head.appendElement("span").addClass("author").text(m.authorName());
            String what = said.type() == Interaction.Type.RSVP ? " RSVPed " + Objects.requireNonNullElse(said.rsvp(), "") : " replied";
            // a link only to an http(s) page: the entry's own URL, else the source (remote text decides neither scheme)
            Optional<String> url = Optional.ofNullable(said.url()).filter(u -> Urls.parseHttp(u).isPresent())
                    .or(() -> Optional.of(m.source()).filter(u -> Urls.parseHttp(u).isPresent()));
            if (url.isPresent()) {
                head.appendElement("a").attr("href", url.get()).attr("rel", "nofollow ugc noopener").attr("target", "_blank").text(what);
            } else {
                head.appendElement("span").text(what);
            }
            if (said.contentText() != null) {
                li.appendElement("p").addClass("text").text(said.contentText());
            }
            li.appendElement("time").addClass("meta").attr("datetime", m.receivedAt().toString()).text(DATE.format(m.receivedAt()));
            return;
        }
        Element head = li.appendElement("div");
        picture(said.author(), avatars).ifPresent(photo -> image(head, photo).addClass("avatar"));
        head.appendElement("span").addClass("kind").text(label(m.kind()) + ": ");
        if (Urls.parseHttp(m.source()).isPresent()) {
            head.appendElement("a").attr("href", m.source()).attr("rel", "nofollow ugc noopener").attr("target", "_blank")
                    .text(m.titleOrSource());
        } else {
            head.appendElement("span").text(m.titleOrSource());
        }
        head.appendElement("span").addClass("blog").text(" | " + m.authorName());
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
            case ACTIVITYPUB -> "Fediverse";
        };
    }
}
