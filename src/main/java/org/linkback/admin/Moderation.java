package org.linkback.admin;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.jdbi.v3.core.Handle;

import org.linkback.audit.AuditEntry;
import org.linkback.audit.AuditLog;
import org.linkback.backlink.Backlink;
import org.linkback.backlink.Backlinks;
import org.linkback.backlink.Cause;
import org.linkback.backlink.ModerationStatus;
import org.linkback.spam.Blocklist;
import org.linkback.store.Database;

/**
 * What a moderator can do, each in one unit of work: status changes and deletions through
 * {@link Backlinks} (which audits each and lets the lifecycle decide), and the blocklist.
 */
final class Moderation {

    private final Database database;
    private final Backlinks backlinks;
    private final Blocklist blocklist;
    private final AuditLog audit;

    Moderation(Database database, Backlinks backlinks, Blocklist blocklist, AuditLog audit) {
        this.database = database;
        this.backlinks = backlinks;
        this.blocklist = blocklist;
        this.audit = audit;
    }

    /** Sets the status of backlinks; returns how many existed. */
    int setStatus(Collection<Long> ids, ModerationStatus status, String adminIp) {
        return database.inTransaction(h -> (int) ids.stream()
                .filter(id -> backlinks.moderatorSets(h, id, status, Cause.admin(adminIp), null).isPresent())
                .count());
    }

    Optional<Backlink> delete(long id, String adminIp) {
        return database.inTransaction(h -> backlinks.delete(h, id, Cause.admin(adminIp)));
    }

    /**
     * Blocks a host pattern and marks the backlinks it covers as spam, all in one commit.
     *
     * @return how many backlinks became spam
     */
    int block(String pattern, String adminIp) {
        return database.inTransaction(h -> {
            blocklist.add(h, pattern, "admin");
            boolean wildcard = pattern.startsWith("*.");
            int marked = backlinks.blocked(h, wildcard ? pattern.substring(2) : pattern, wildcard, Cause.admin(adminIp),
                                           "blocked " + pattern).size();
            audit.record(h, AuditEntry.of("admin", "blocklist.added", null, null, null, null, adminIp, null, null,
                                          pattern + " (" + marked + " backlinks marked spam)"));
            return marked;
        });
    }

    /** Unblocks a pattern. Its backlinks stay spam until a moderator approves them. */
    boolean unblock(String pattern, String adminIp) {
        return unblock(pattern, false, adminIp).isPresent();
    }

    /**
     * Unblocks a pattern and, with {@code restore}, gives the backlinks that this block marked
     * spam their status from before it back: only those whose last status change was the
     * block's (a backlink a moderator marked spam by hand, before or after, stays spam). Found
     * through the audit log, so only within its retention. All in one commit, each audited.
     *
     * @return how many were restored, or empty when there was no such entry
     */
    Optional<Integer> unblock(String pattern, boolean restore, String adminIp) {
        return database.inTransaction(h -> {
            if (!blocklist.remove(h, pattern)) {
                return Optional.<Integer>empty();
            }
            int restored = 0;
            if (restore) {
                for (BlockedBacklink blocked : markedBy(h, pattern)) {
                    if (blocked.statusBefore() != null
                        && backlinks.restored(h, blocked.backlinkId(), ModerationStatus.fromId(blocked.statusBefore()),
                                              Cause.admin(adminIp), "unblocked " + pattern + ": restored").isPresent()) {
                        restored++;
                    }
                }
            }
            audit.record(h, AuditEntry.of("admin", "blocklist.removed", null, null, null, null, adminIp, null, null,
                                          pattern + (restore ? " (" + restored + " backlinks restored)" : "")));
            return Optional.of(restored);
        });
    }

    /** How many backlinks unblocking with restore would give back (for the page's question). */
    int restorable(String pattern) {
        return database.read(h -> (int) markedBy(h, pattern).stream()
                .filter(b -> backlinks.findById(h, b.backlinkId()).map(m -> m.status() == ModerationStatus.SPAM).orElse(false))
                .count());
    }

    private record BlockedBacklink(long backlinkId, String statusBefore) {
    }

    /** The backlinks whose latest status change in the audit log is this block's marking them spam. */
    private static List<BlockedBacklink> markedBy(Handle h, String pattern) {
        return h.createQuery("SELECT a.mention_id, a.old_status FROM audit a WHERE a.action = 'status.changed' AND a.detail = :detail "
                             + "AND a.mention_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM audit later WHERE later.mention_id = a.mention_id "
                             + "AND later.action = 'status.changed' AND later.id > a.id)")
                .bind("detail", "blocked " + pattern)
                .map((rs, ctx) -> new BlockedBacklink(rs.getLong("mention_id"), rs.getString("old_status")))
                .list();
    }

    void signIn(String adminIp, boolean success) {
        database.useTransaction(h -> audit.record(h, AuditEntry.of("admin", success ? "admin.signed-in" : "admin.sign-in-failed",
                                                                   null, null, null, null, adminIp, null, null, null)));
    }
}
