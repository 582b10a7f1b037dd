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

import com.fasterxml.jackson.databind.JsonNode;

import org.linkback.text.Text;
import org.linkback.url.Urls;

import static org.linkback.mf2.Mf2Values.firstText;

/** What an entry says besides who wrote it: when, its text and safe HTML, its media; each bounded as a backlink stores it. */
final class EntryContent {

    private EntryContent() {
    }

    static Instant published(JsonNode properties) {
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

    static String contentText(JsonNode properties) {
        JsonNode content = properties.path("content").path(0);
        String text = content.isObject() ? content.path("value").asText(null) : content.isTextual() ? content.asText() : null;
        if (text == null) {
            text = firstText(properties.path("summary"));
        }
        return text == null || text.isBlank() ? null : Text.cap(Text.xmlSafe(text.strip()), Interaction.MAX_TEXT);
    }

    /** Only what a basic safelist keeps (text formatting and links, every link http(s)); dropped when too long to keep whole. */
    static String contentHtml(JsonNode properties, URI pageUrl) {
        JsonNode content = properties.path("content").path(0);
        if (!content.isObject() || !content.has("html")) {
            return null;
        }
        return Interaction.safeHtml(content.get("html").asText(), pageUrl.toString());
    }

    static List<String> media(JsonNode properties) {
        List<String> media = new ArrayList<>();
        for (String kind : Interaction.MEDIA_KINDS) {
            for (JsonNode value : properties.path(kind)) {
                String url = value.isObject() ? value.path("value").asText() : value.asText();
                Urls.parseCanonical(url).ifPresent(u -> media.add(kind + " " + u));
            }
        }
        return media.size() > 10 ? media.subList(0, 10) : media;
    }
}
