package org.linkback.admin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.linkback.audit.AuditEntry;
import org.linkback.send.OutboundLink;
import org.linkback.store.Mention;

/**
 * The JSON (and CSV) shape of backlinks and audit entries in the admin API.
 */
public final class MentionJson {

    /** Column order of the CSV export. */
    static final String[] COLUMNS = {"id", "source", "target", "kind", "status", "spamScore", "spamReasons", "title", "excerpt",
                                     "author", "receivedAt", "verifiedAt", "clientIp", "site", "sourceHost", "verification",
                                     "reason", "type", "authorName", "authorUrl"};

    private MentionJson() {
    }

    /** A backlink as the admin API (and a webhook's {@code data}) shows it. */
    public static Map<String, Object> of(Mention m) {
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
    static Map<String, Object> csvRow(Mention m) {
        Map<String, Object> row = of(m);
        row.put("spamReasons", String.join("; ", m.assessment().reasons()));
        row.replaceAll((column, value) -> value instanceof String text && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0
                ? "'" + text
                : value);
        return row;
    }

    static Map<String, Object> of(AuditEntry e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", e.id());
        json.put("at", time(e.at()));
        json.put("actor", e.actor());
        json.put("action", e.action());
        json.put("mentionId", e.mentionId());
        json.put("kind", e.kind());
        json.put("source", e.source());
        json.put("target", e.target());
        json.put("clientIp", e.clientIp());
        json.put("oldStatus", e.oldStatus());
        json.put("newStatus", e.newStatus());
        json.put("detail", e.detail());
        return json;
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** An outgoing link as the API shows it. */
    static Map<String, Object> of(OutboundLink link) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", link.id());
        json.put("source", link.source());
        json.put("target", link.target());
        json.put("protocol", link.protocol() == null ? null : link.protocol().id());
        json.put("endpoint", link.endpoint());
        json.put("outcome", link.outcome().id());
        json.put("attempts", link.attempts());
        json.put("httpStatus", link.httpStatus());
        json.put("faultCode", link.faultCode());
        json.put("message", link.message());
        json.put("linked", link.linked());
        json.put("createdAt", link.createdAt().toString());
        json.put("updatedAt", link.updatedAt().toString());
        json.put("sentAt", link.sentAt() == null ? null : link.sentAt().toString());
        return json;
    }
}
