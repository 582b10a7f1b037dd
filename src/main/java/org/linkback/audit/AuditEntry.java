package org.linkback.audit;

import java.time.Instant;

/**
 * One line of the audit log: who did what to which backlink, and what came of it.
 *
 * @param actor  "ping" for a remote blog's ping, "check" for a background check, "admin" for a moderator
 * @param action e.g. ping.accepted, ping.refused, status.changed, blocklist.added
 * @param detail the outcome's reason, or other context
 */
public record AuditEntry(long id,
                         Instant at,
                         String actor,
                         String action,
                         Long mentionId,
                         String kind,
                         String source,
                         String target,
                         String clientIp,
                         String oldStatus,
                         String newStatus,
                         String detail) {

    /** An entry to record; id and time are set when it is stored. */
    public static AuditEntry of(String actor, String action, Long mentionId, String kind, String source, String target,
                                String clientIp, String oldStatus, String newStatus, String detail) {
        return new AuditEntry(0, null, actor, action, mentionId, kind, source, target, clientIp, oldStatus, newStatus, detail);
    }
}
