package org.linkback.admin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.linkback.audit.AuditEntry;
import org.linkback.send.OutboundLink;
import org.linkback.webhook.Webhooks;

/**
 * The JSON shape of audit entries, outgoing links and webhook deliveries in the admin API (a backlink's is {@code backlink/BacklinkJson}).
 */
final class AdminJson {

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

    /** A webhook delivery with its attempts. */
    static Map<String, Object> of(Webhooks.Delivery d) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", d.id());
        json.put("webhook", d.webhook());
        json.put("messageId", d.messageId());
        json.put("event", d.event());
        json.put("createdAt", d.createdAt().toString());
        json.put("deliveredAt", time(d.deliveredAt()));
        json.put("attempts", d.attempts());
        json.put("lastStatus", d.lastStatus());
        json.put("lastError", d.lastError());
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
        // when a queued or retried notification is due: "retry at …" in the outbound view
        json.put("nextAttemptAt", link.nextAttemptAt() == null ? null : link.nextAttemptAt().toString());
        return json;
    }
}
