package org.linkback.admin;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.jdbi.v3.core.Handle;

import org.linkback.audit.AuditEntry;
import org.linkback.audit.AuditLog;
import org.linkback.backlink.Lifecycle;
import org.linkback.spam.Blocklist;
import org.linkback.store.Database;
import org.linkback.backlink.Backlink;
import org.linkback.backlink.BacklinkStore;
import org.linkback.backlink.ModerationStatus;
import org.linkback.webhook.Webhooks;

/**
 * What a moderator can do. Each action and its audit entries (old and new status) commit
 * together in one unit of work; the lifecycle decides the new states.
 */
final class Moderation {

    private final Database database;
    private final BacklinkStore store;
    private final Blocklist blocklist;
    private final AuditLog audit;
    private final Webhooks webhooks;

    Moderation(Database database, BacklinkStore store, Blocklist blocklist, AuditLog audit, Webhooks webhooks) {
        this.database = database;
        this.store = store;
        this.blocklist = blocklist;
        this.audit = audit;
        this.webhooks = webhooks;
    }

    /** Sets the status of backlinks; returns how many existed. */
    int setStatus(Collection<Long> ids, ModerationStatus status, String adminIp) {
        return database.inTransaction(h -> {
            int found = 0;
            for (long id : ids) {
                Optional<Backlink> before = store.findById(h, id);
                if (before.isPresent()) {
                    found++;
                    change(h, before.get(), new Lifecycle.ModeratorSets(status), adminIp, null);
                }
            }
            return found;
        });
    }

    Optional<Backlink> delete(long id, String adminIp) {
        return database.inTransaction(h -> {
            Optional<Backlink> before = store.findById(h, id);
            before.ifPresent(m -> {
                store.delete(h, id);
                record(h, "mention.deleted", m, m.status().id(), null, adminIp, null);
                webhooks.deleted(h, m);
            });
            return before;
        });
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
            List<Backlink> covered = store.fromHost(h, wildcard ? pattern.substring(2) : pattern, wildcard).stream()
                    .filter(m -> m.status() != ModerationStatus.SPAM)
                    .toList();
            covered.forEach(m -> change(h, m, new Lifecycle.Blocked(), adminIp, "blocked " + pattern));
            audit.record(h, AuditEntry.of("admin", "blocklist.added", null, null, null, null, adminIp, null, null,
                                          pattern + " (" + covered.size() + " backlinks marked spam)"));
            return covered.size();
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
                    Optional<Backlink> now = store.findById(h, blocked.mentionId());
                    if (now.isPresent() && now.get().status() == ModerationStatus.SPAM && blocked.statusBefore() != null) {
                        ModerationStatus before = ModerationStatus.fromId(blocked.statusBefore());
                        store.saveStatus(h, blocked.mentionId(), before).ifPresent(saved -> webhooks.statusSet(h, now.get(), saved));
                        record(h, "status.changed", now.get(), ModerationStatus.SPAM.id(), before.id(), adminIp, "unblocked " + pattern
                                                                                                               + ": restored");
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
                .filter(b -> store.findById(h, b.mentionId()).map(m -> m.status() == ModerationStatus.SPAM).orElse(false))
                .count());
    }

    private record BlockedBacklink(long mentionId, String statusBefore) {
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

    private void change(Handle h, Backlink before, Lifecycle.Event event, String adminIp, String detail) {
        ModerationStatus after = Lifecycle.next(before.state(), event).status();
        Optional<Backlink> saved = store.saveStatus(h, before.id(), after);
        record(h, "status.changed", before, before.status().id(), after.id(), adminIp, detail);
        saved.ifPresent(m -> webhooks.statusSet(h, before, m));
    }

    private void record(Handle h, String action, Backlink m, String oldStatus, String newStatus, String adminIp, String detail) {
        audit.record(h, AuditEntry.of("admin", action, m.id(), m.kind().id(), m.source(), m.target(), adminIp, oldStatus, newStatus,
                                      detail));
    }
}
