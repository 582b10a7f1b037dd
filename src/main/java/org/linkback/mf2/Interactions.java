package org.linkback.mf2;

import java.net.URI;
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

import org.linkback.url.Urls;

import static org.linkback.mf2.Mf2Values.firstText;
import static org.linkback.mf2.Mf2Values.firstUrl;
import static org.linkback.mf2.Mf2Values.hasType;

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
        return new Interaction(type(properties, target), EntryAuthor.author(properties, mf2, pageUrl), EntryContent.published(properties),
                               EntryContent.contentText(properties), EntryContent.contentHtml(properties, pageUrl),
                               firstUrl(properties.path("url")), rsvp(properties), EntryContent.media(properties));
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
}
