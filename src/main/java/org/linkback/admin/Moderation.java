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

    /** Sets the status of backlinks; returns how many existed (on the moderator's site). */
    int setStatus(Collection<Long> ids, ModerationStatus status, Cause moderator) {
        return database.inTransaction(h -> (int) ids.stream()
                .filter(id -> backlinks.moderatorSets(h, id, status, moderator, null).isPresent())
                .count());
    }

    /** Deletes a backlink; empty when there is none such (on the moderator's site). */
    Optional<Backlink> delete(long id, Cause moderator) {
        return database.inTransaction(h -> backlinks.delete(h, id, moderator));
    }

    /**
     * Blocks a host pattern on the moderator's list (a site's, or the global one when the moderator
     * is for every site) and marks the backlinks it covers there as spam, all in one commit.
     *
     * @return how many backlinks became spam
     */
    int block(String pattern, Cause moderator) {
        String site = moderator.site();
        return database.inTransaction(h -> {
            if (site == null) {
                blocklist.add(h, pattern, moderator.actor());
            } else {
                blocklist.add(h, site, pattern, moderator.actor());
            }
            boolean wildcard = pattern.startsWith("*.");
            int marked = backlinks.blocked(h, wildcard ? pattern.substring(2) : pattern, wildcard, moderator,
                                           marking(pattern, site)).size();
            audit.record(h, AuditEntry.of(moderator.actor(), "blocklist.added", null, null, null, null, moderator.clientIp(), null, null,
                                          pattern + (site == null ? "" : " for site " + site) + " (" + marked + " backlinks marked spam)")
                    .withSite(site));
            return marked;
        });
    }

    /**
     * Unblocks a pattern (of the moderator's list: a site's, or the global one) and, with {@code restore}, gives the
     * backlinks that this block marked spam their status from before it back: only those whose last
     * status change was the block's (a backlink a moderator marked spam by hand, before or after,
     * stays spam). Found through the audit log, so only within its retention. All in one commit,
     * each audited.
     *
     * @return how many were restored, or empty when there was no such entry
     */
    Optional<Integer> unblock(String pattern, boolean restore, Cause moderator) {
        String site = moderator.site();
        return database.inTransaction(h -> {
            if (!(site == null ? blocklist.remove(h, pattern) : blocklist.remove(h, site, pattern))) {
                return Optional.<Integer>empty();
            }
            int restored = 0;
            if (restore) {
                for (BlockedBacklink blocked : markedBy(h, marking(pattern, site))) {
                    if (blocked.statusBefore() != null
                        && backlinks.restored(h, blocked.backlinkId(), ModerationStatus.fromId(blocked.statusBefore()),
                                              moderator, "unblocked " + pattern + ": restored").isPresent()) {
                        restored++;
                    }
                }
            }
            audit.record(h, AuditEntry.of(moderator.actor(), "blocklist.removed", null, null, null, null, moderator.clientIp(), null, null,
                                          pattern + (site == null ? "" : " for site " + site)
                                          + (restore ? " (" + restored + " backlinks restored)" : ""))
                    .withSite(site));
            return Optional.of(restored);
        });
    }

    /** The audit detail of a backlink a block marked spam: a site's block names the site, so unblocking one never restores another's. */
    private static String marking(String pattern, String site) {
        return "blocked " + pattern + (site == null ? "" : " for site " + site);
    }

    /** How many backlinks unblocking with restore would give back (for the page's question). */
    int restorable(String pattern, String site) {
        return database.read(h -> (int) markedBy(h, marking(pattern, site)).stream()
                .filter(b -> backlinks.findById(h, b.backlinkId()).map(m -> m.status() == ModerationStatus.SPAM).orElse(false))
                .count());
    }

    record BlockedBacklink(long backlinkId, String statusBefore) {
    }

    /** The backlinks whose latest status change in the audit log is a block's marking them spam (with that detail). */
    static List<BlockedBacklink> markedBy(Handle h, String marking) {
        return h.createQuery("SELECT a.mention_id, a.old_status FROM audit a WHERE a.action = 'status.changed' AND a.detail = :detail "
                             + "AND a.mention_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM audit later WHERE later.mention_id = a.mention_id "
                             + "AND later.action = 'status.changed' AND later.id > a.id)")
                .bind("detail", marking)
                .map((rs, ctx) -> new BlockedBacklink(rs.getLong("mention_id"), rs.getString("old_status")))
                .list();
    }

    /** A sign-in to the page: by whom, or a failed one. */
    void signIn(Optional<Access> who, String clientIp) {
        database.useTransaction(h -> audit.record(h, AuditEntry.of(who.map(Access::actor).orElse("admin"),
                                                                   who.isPresent() ? "admin.signed-in" : "admin.sign-in-failed",
                                                                   null, null, null, null, clientIp, null, null, null)
                .withSite(who.map(Access::site).orElse(null))));
    }
}
