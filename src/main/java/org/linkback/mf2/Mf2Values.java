package org.linkback.mf2;

import java.net.URI;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.linkback.url.Urls;

/** Reading microformats2 JSON values: an item's type, a property's first text or URL. */
final class Mf2Values {

    private Mf2Values() {
    }

    static boolean hasType(JsonNode item, String type) {
        for (JsonNode t : item.path("type")) {
            if (t.asText().equals(type)) {
                return true;
            }
        }
        return false;
    }

    static String firstText(JsonNode values) {
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
    static String firstUrl(JsonNode values) {
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
