package org.linkback.mf2;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.linkback.text.Text;
import org.linkback.url.Urls;

import static org.linkback.mf2.Mf2Values.firstText;
import static org.linkback.mf2.Mf2Values.firstUrl;
import static org.linkback.mf2.Mf2Values.hasType;

/** Who wrote an entry: its {@code p-author} h-card, an h-card on the page for an author URL, else the page's representative h-card. */
final class EntryAuthor {

    private EntryAuthor() {
    }

    static Interaction.Author author(JsonNode properties, ObjectNode mf2, URI pageUrl) {
        JsonNode author = properties.path("author").path(0);
        if (author.isObject() && hasType(author, "h-card")) {
            return card(author);
        }
        if (author.isTextual()) {
            String text = author.asText().strip();
            Optional<URI> url = Urls.parseHttp(text);
            if (url.isPresent()) {
                // a URL for an author: the h-card on the page with that URL says more, if there is one
                return cardWithUrl(mf2, url.get()).map(EntryAuthor::card)
                        .orElse(new Interaction.Author(null, url.get().toString(), null));
            }
            if (!text.isEmpty()) {
                return new Interaction.Author(Text.cap(text, 250), null, null);
            }
        }
        return representativeCard(mf2, pageUrl).map(EntryAuthor::card).orElse(Interaction.Author.NONE);
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

    private static boolean same(String url, URI target) {
        return Urls.parseCanonical(url).map(u -> u.equals(Urls.canonical(target))).orElse(false);
    }
}
