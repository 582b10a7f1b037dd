package org.linkback.mf2;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Safelist;

import org.linkback.text.Text;
import org.linkback.url.Urls;

/**
 * Reads what a verified source page's microformats2 say about its link to our target, as
 * webmention.io and the WordPress Webmention plugin read it: the first {@code h-entry} that links
 * to the target (else the page's first top-level h-entry; else no mf2 at all), its type by the
 * property that names the target, its author ({@code p-author h-card}, else the page's
 * representative h-card), when it was published, its text and sanitized HTML, and its media.
 */
public final class Interactions {

    private static final Set<String> RSVP_VALUES = Set.of("yes", "no", "maybe", "interested");

    private Interactions() {
    }

    public static Interaction read(Document page, URI pageUrl, URI target) {
        return read(page, pageUrl, List.of(target));
    }

    /** {@link #read(Document, URI, URI)} for an article with several URLs: a link to any of them is a link to it. */
    public static Interaction read(Document page, URI pageUrl, List<URI> targets) {
        Target target = new Target(targets.stream().map(Urls::canonical).toList());
        ObjectNode mf2 = Mf2Parser.parse(page, pageUrl);
        List<JsonNode> entries = new ArrayList<>();
        collectEntries(mf2.path("items"), entries);
        Optional<JsonNode> entry = entries.stream().filter(e -> linksTo(e, target)).findFirst()
                .or(() -> topLevelEntry(mf2));
        if (entry.isEmpty()) {
            return Interaction.NONE;
        }
        JsonNode properties = entry.get().path("properties");
        return new Interaction(type(properties, target), author(properties, mf2, pageUrl), published(properties),
                               contentText(properties), contentHtml(properties, pageUrl), firstUrl(properties.path("url")),
                               rsvp(properties), media(properties));
    }

    private static void collectEntries(JsonNode items, List<JsonNode> entries) {
        for (JsonNode item : items) {
            if (hasType(item, "h-entry")) {
                entries.add(item);
            }
            collectEntries(item.path("children"), entries);
        }
    }

    private static Optional<JsonNode> topLevelEntry(ObjectNode mf2) {
        for (JsonNode item : mf2.path("items")) {
            if (hasType(item, "h-entry")) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    private static boolean hasType(JsonNode item, String type) {
        for (JsonNode t : item.path("type")) {
            if (t.asText().equals(type)) {
                return true;
            }
        }
        return false;
    }

    /** The entry names the target in a response property, or links to it in its content. */
    private static boolean linksTo(JsonNode entry, Target target) {
        JsonNode properties = entry.path("properties");
        for (Interaction.Type type : Interaction.Type.values()) {
            if (names(properties.path(type.property()), target)) {
                return true;
            }
        }
        for (JsonNode content : properties.path("content")) {
            if (content.has("html")) {
                for (Element a : Jsoup.parseBodyFragment(content.get("html").asText()).select("a[href]")) {
                    if (target.is(a.attr("href"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** One of the values is the target: a URL, or a nested item (an h-cite) whose url or value is. */
    private static boolean names(JsonNode values, Target target) {
        for (JsonNode value : values) {
            if (value.isTextual() && target.is(value.asText())) {
                return true;
            }
            if (value.isObject()) {
                if (target.is(value.path("value").asText())) {
                    return true;
                }
                for (JsonNode url : value.path("properties").path("url")) {
                    if (target.is(url.isObject() ? url.path("value").asText() : url.asText())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The article's URLs, canonical. */
    private record Target(List<URI> urls) {

        boolean is(String url) {
            return Urls.parseCanonical(url).map(urls::contains).orElse(false);
        }
    }

    private static boolean same(String url, URI target) {
        return Urls.parseCanonical(url).map(u -> u.equals(Urls.canonical(target))).orElse(false);
    }

    private static Interaction.Type type(JsonNode properties, Target target) {
        boolean reply = names(properties.path("in-reply-to"), target);
        if (reply && rsvp(properties) != null) {
            return Interaction.Type.RSVP;
        }
        if (reply) {
            return Interaction.Type.REPLY;
        }
        if (names(properties.path("like-of"), target)) {
            return Interaction.Type.LIKE;
        }
        if (names(properties.path("repost-of"), target)) {
            return Interaction.Type.REPOST;
        }
        if (names(properties.path("bookmark-of"), target)) {
            return Interaction.Type.BOOKMARK;
        }
        return Interaction.Type.MENTION;
    }

    private static String rsvp(JsonNode properties) {
        String value = firstText(properties.path("rsvp"));
        return value != null && RSVP_VALUES.contains(value.strip().toLowerCase(Locale.ROOT)) ? value.strip().toLowerCase(Locale.ROOT) : null;
    }

    // --- the author

    private static Interaction.Author author(JsonNode properties, ObjectNode mf2, URI pageUrl) {
        JsonNode author = properties.path("author").path(0);
        if (author.isObject() && hasType(author, "h-card")) {
            return card(author);
        }
        if (author.isTextual()) {
            String text = author.asText().strip();
            Optional<URI> url = Urls.parseHttp(text);
            if (url.isPresent()) {
                // a URL for an author: the h-card on the page with that URL says more, if there is one
                return cardWithUrl(mf2, url.get()).map(Interactions::card)
                        .orElse(new Interaction.Author(null, url.get().toString(), null));
            }
            if (!text.isEmpty()) {
                return new Interaction.Author(Text.cap(text, 250), null, null);
            }
        }
        return representativeCard(mf2, pageUrl).map(Interactions::card).orElse(Interaction.Author.NONE);
    }

    private static Interaction.Author card(JsonNode card) {
        JsonNode p = card.path("properties");
        String name = firstText(p.path("name"));
        return new Interaction.Author(name == null || name.isBlank() ? null : Text.cap(name.strip(), 250), firstUrl(p.path("url")),
                                      firstUrl(p.path("photo")));
    }

    /**
     * The page's representative h-card (microformats.org/wiki/representative-h-card-parsing):
     * one whose url and uid are the page's URL, else one whose url is a rel=me link of the
     * page, else the only h-card of the page when its url is the page's.
     */
    private static Optional<JsonNode> representativeCard(ObjectNode mf2, URI pageUrl) {
        List<JsonNode> cards = new ArrayList<>();
        for (JsonNode item : mf2.path("items")) {
            if (hasType(item, "h-card")) {
                cards.add(item);
            }
        }
        for (JsonNode card : cards) {
            if (urls(card, "url").stream().anyMatch(u -> same(u, pageUrl)) && urls(card, "uid").stream().anyMatch(u -> same(u, pageUrl))) {
                return Optional.of(card);
            }
        }
        List<String> me = new ArrayList<>();
        mf2.path("rels").path("me").forEach(u -> me.add(u.asText()));
        for (JsonNode card : cards) {
            for (String url : urls(card, "url")) {
                if (me.stream().anyMatch(m -> Urls.parseCanonical(m).equals(Urls.parseCanonical(url)))) {
                    return Optional.of(card);
                }
            }
        }
        if (cards.size() == 1 && urls(cards.getFirst(), "url").stream().anyMatch(u -> same(u, pageUrl))) {
            return Optional.of(cards.getFirst());
        }
        return Optional.empty();
    }

    private static Optional<JsonNode> cardWithUrl(ObjectNode mf2, URI url) {
        for (JsonNode item : mf2.path("items")) {
            if (hasType(item, "h-card") && urls(item, "url").stream().anyMatch(u -> same(u, url))) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    private static List<String> urls(JsonNode item, String property) {
        List<String> urls = new ArrayList<>();
        for (JsonNode value : item.path("properties").path(property)) {
            urls.add(value.isObject() ? value.path("value").asText() : value.asText());
        }
        return urls;
    }

    // --- the rest

    private static Instant published(JsonNode properties) {
        String text = firstText(properties.path("published"));
        if (text == null) {
            return null;
        }
        String value = text.strip().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            // some write the offset without a colon (+0100), or no time at all
        }
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm[:ss][.SSS]XX")).toInstant();
        } catch (DateTimeParseException e) {
            // a date alone
        }
        try {
            return LocalDate.parse(value.length() >= 10 ? value.substring(0, 10) : value).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String contentText(JsonNode properties) {
        JsonNode content = properties.path("content").path(0);
        String text = content.isObject() ? content.path("value").asText(null) : content.isTextual() ? content.asText() : null;
        if (text == null) {
            text = firstText(properties.path("summary"));
        }
        return text == null || text.isBlank() ? null : Text.cap(Text.xmlSafe(text.strip()), Interaction.MAX_TEXT);
    }

    /** Only what a basic safelist keeps (text formatting and links, every link http(s)); dropped when too long to keep whole. */
    private static String contentHtml(JsonNode properties, URI pageUrl) {
        JsonNode content = properties.path("content").path(0);
        if (!content.isObject() || !content.has("html")) {
            return null;
        }
        String clean = Jsoup.clean(content.get("html").asText(), pageUrl.toString(),
                                   Safelist.basic().removeProtocols("a", "href", "ftp", "mailto"),
                                   new Document.OutputSettings().prettyPrint(false)).strip();
        clean = Text.xmlSafe(clean);
        return clean.isEmpty() || clean.length() > Interaction.MAX_HTML ? null : clean;
    }

    private static List<String> media(JsonNode properties) {
        List<String> media = new ArrayList<>();
        for (String kind : List.of("photo", "video", "audio")) {
            for (JsonNode value : properties.path(kind)) {
                String url = value.isObject() ? value.path("value").asText() : value.asText();
                Urls.parseCanonical(url).ifPresent(u -> media.add(kind + " " + u));
            }
        }
        return media.size() > 10 ? media.subList(0, 10) : media;
    }

    private static String firstText(JsonNode values) {
        JsonNode first = values.path(0);
        if (first.isTextual()) {
            return first.asText();
        }
        if (first.isObject() && first.path("value").isTextual()) {
            return first.path("value").asText();
        }
        return null;
    }

    /** The first value that is an http(s) URL, canonical. */
    private static String firstUrl(JsonNode values) {
        for (JsonNode value : values) {
            String text = value.isObject() ? value.path("value").asText() : value.asText();
            Optional<URI> url = Urls.parseCanonical(text);
            if (url.isPresent()) {
                return url.get().toString();
            }
        }
        return null;
    }
}
