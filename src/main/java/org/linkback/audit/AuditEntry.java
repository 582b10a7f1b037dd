package org.linkback.audit;

import java.time.Instant;

/**
 * One line of the audit log: who did what to which backlink, and what came of it.
 *
 * @param actor  "ping" for a remote blog's ping, "check" for a background check, "admin" for a moderator
 * @param action e.g. ping.accepted, ping.refused, status.changed, blocklist.added
 * @param detail the outcome's reason, or other context, in words
 * @param reason why a ping was refused or a check failed, as a code ({@code backlink/Refusal#id}), or null
 * @param site   the site it concerns (its owners see it), or null: then the target's site when it is stored
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
                         String detail,
                         String reason,
                         String site) {

    /** An entry to record; id and time are set when it is stored. */
    public static AuditEntry of(String actor, String action, Long mentionId, String kind, String source, String target,
                                String clientIp, String oldStatus, String newStatus, String detail) {
        return new AuditEntry(0, null, actor, action, mentionId, kind, source, target, clientIp, oldStatus, newStatus, detail, null, null);
    }

    /** The same entry with a reason code. */
    public AuditEntry withReason(String code) {
        return new AuditEntry(id, at, actor, action, mentionId, kind, source, target, clientIp, oldStatus, newStatus, detail, code, site);
    }

    /** The same entry about a site. */
    public AuditEntry withSite(String name) {
        return new AuditEntry(id, at, actor, action, mentionId, kind, source, target, clientIp, oldStatus, newStatus, detail, reason, name);
    }
}
