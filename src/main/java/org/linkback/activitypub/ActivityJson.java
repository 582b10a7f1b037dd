package org.linkback.activitypub;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.linkback.url.Urls;

/**
 * Reading ActivityStreams JSON the way servers write it (compacted JSON-LD, read as plain JSON):
 * a property is one value or an array of them, an object is embedded or only its id, and the
 * public collection has three spellings.
 */
final class ActivityJson {

    static final String PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
    private static final Set<String> PUBLIC_SPELLINGS = Set.of(PUBLIC, "as:Public", "Public");

    private ActivityJson() {
    }

    /** The values of a property: its array's items, or the one value; empty when absent. */
    static List<JsonNode> all(JsonNode node, String property) {
        JsonNode value = node.path(property);
        List<JsonNode> values = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(values::add);
        } else if (!value.isMissingNode() && !value.isNull()) {
            values.add(value);
        }
        return values;
    }

    /** The id a value names: a string, or an object's {@code id}; empty otherwise. */
    static Optional<String> id(JsonNode value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.isTextual()) {
            return Optional.of(value.asText());
        }
        if (value.isObject() && value.path("id").isTextual()) {
            return Optional.of(value.path("id").asText());
        }
        return Optional.empty();
    }

    /** The id of a property's first value (an {@code actor}, an {@code object}). */
    static Optional<String> idOf(JsonNode node, String property) {
        return all(node, property).stream().findFirst().flatMap(ActivityJson::id);
    }

    /** An http(s) URL a property names (its first value), as a URI. */
    static Optional<URI> urlOf(JsonNode node, String property) {
        return idOf(node, property).flatMap(Urls::parseHttp);
    }

    /** The first type of a node ({@code type} may be an array), or "". */
    static String type(JsonNode node) {
        return all(node, "type").stream().filter(JsonNode::isTextual).map(JsonNode::asText).findFirst().orElse("");
    }

    /** A text property, or null. */
    static String text(JsonNode node, String property) {
        JsonNode value = node.path(property);
        return value.isTextual() ? value.asText() : null;
    }

    /** A time property, or null when absent or unreadable. */
    static Instant time(JsonNode node, String property) {
        String text = text(node, property);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Whether any of the nodes addresses the public collection in {@code to} or {@code cc}. */
    static boolean isPublic(JsonNode... nodes) {
        for (JsonNode node : nodes) {
            for (String property : List.of("to", "cc")) {
                if (all(node, property).stream().map(ActivityJson::id).flatMap(Optional::stream).anyMatch(PUBLIC_SPELLINGS::contains)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The http(s) URL a {@code url}-like property gives first: a string, or a Link with an
     * {@code href}; empty otherwise.
     */
    static Optional<String> href(JsonNode node, String property) {
        return all(node, property).stream().findFirst()
                .flatMap(u -> u.isTextual() ? Optional.of(u.asText()) : Optional.ofNullable(text(u, "href")))
                .flatMap(Urls::parseHttp).map(URI::toString);
    }

    /** The URL of an image value (a string, an Image with a {@code url}, or a Link with an {@code href}), or null. */
    static String imageUrl(JsonNode node, String property) {
        for (JsonNode value : all(node, property)) {
            Optional<String> url = value.isTextual() ? Urls.parseHttp(value.asText()).map(URI::toString) : href(value, "url");
            if (url.isPresent()) {
                return url.get();
            }
        }
        return null;
    }

    /** Whether two URLs name the same origin (scheme, host and port). */
    static boolean sameOrigin(URI a, URI b) {
        return Urls.origin(a).equals(Urls.origin(b));
    }
}
