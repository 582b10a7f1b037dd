package org.linkback.backlink;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON (and CSV) shape of a backlink, as the admin API, webhooks and exports name its fields.
 */
public final class BacklinkJson {

    /** Column order of the CSV export. */
    public static final String[] COLUMNS = {"id", "source", "target", "kind", "status", "spamScore", "spamReasons", "title", "excerpt",
                                            "author", "receivedAt", "verifiedAt", "clientIp", "site", "sourceHost", "verification",
                                            "reason", "type", "authorName", "authorUrl"};

    private BacklinkJson() {
    }

    /** A backlink as the admin API (and a webhook's {@code data}) shows it. */
    public static Map<String, Object> of(Backlink m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", m.id());
        json.put("source", m.source());
        json.put("target", m.target());
        json.put("kind", m.kind().id());
        json.put("status", m.status().id());
        json.put("spamScore", m.assessment().score());
        json.put("spamReasons", m.assessment().reasons());
        json.put("title", m.title());
        json.put("excerpt", m.excerpt());
        json.put("author", m.author());
        json.put("receivedAt", time(m.receivedAt()));
        json.put("verifiedAt", time(m.verifiedAt()));
        json.put("clientIp", m.clientIp());
        json.put("site", m.site());
        json.put("sourceHost", m.sourceHost());
        json.put("verification", m.check().id());
        json.put("reason", m.reason());
        json.put("type", m.interaction().type().id());
        json.put("authorName", m.interaction().author().name());
        json.put("authorUrl", m.interaction().author().url());
        return json;
    }

    /**
     * One CSV row: lists joined with "; ", and remote text that a spreadsheet would run as a
     * formula (starting with = + - @) prefixed with a quote.
     */
    public static Map<String, Object> csvRow(Backlink m) {
        Map<String, Object> row = of(m);
        row.put("spamReasons", String.join("; ", m.assessment().reasons()));
        row.replaceAll((column, value) -> value instanceof String text && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0
                ? "'" + text
                : value);
        return row;
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
