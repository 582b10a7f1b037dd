package org.linkback.admin;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.jdbi.v3.core.Handle;

import org.linkback.audit.AuditEntry;
import org.linkback.audit.AuditLog;
import org.linkback.receive.Lifecycle;
import org.linkback.spam.Blocklist;
import org.linkback.store.Database;
import org.linkback.store.Mention;
import org.linkback.store.MentionStore;
import org.linkback.store.ModerationStatus;

/**
 * What a moderator can do. Each action and its audit entries (old and new status) commit
 * together in one unit of work; the lifecycle decides the new states.
 */
final class Moderation {

    private final Database database;
    private final MentionStore store;
    private final Blocklist blocklist;
    private final AuditLog audit;

    Moderation(Database database, MentionStore store, Blocklist blocklist, AuditLog audit) {
        this.database = database;
        this.store = store;
        this.blocklist = blocklist;
        this.audit = audit;
    }

    /** Sets the status of backlinks; returns how many existed. */
    int setStatus(Collection<Long> ids, ModerationStatus status, String adminIp) {
        return database.inTransaction(h -> {
            int found = 0;
            for (long id : ids) {
                Optional<Mention> before = store.findById(h, id);
                if (before.isPresent()) {
                    found++;
                    change(h, before.get(), new Lifecycle.ModeratorSets(status), adminIp, null);
                }
            }
            return found;
        });
    }

    Optional<Mention> delete(long id, String adminIp) {
        return database.inTransaction(h -> {
            Optional<Mention> before = store.findById(h, id);
            before.ifPresent(m -> {
                store.delete(h, id);
                record(h, "mention.deleted", m, m.status().id(), null, adminIp, null);
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
            List<Mention> covered = store.fromHost(h, wildcard ? pattern.substring(2) : pattern, wildcard).stream()
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
        return database.inTransaction(h -> {
            boolean removed = blocklist.remove(h, pattern);
            if (removed) {
                audit.record(h, AuditEntry.of("admin", "blocklist.removed", null, null, null, null, adminIp, null, null, pattern));
            }
            return removed;
        });
    }

    void signIn(String adminIp, boolean success) {
        database.useTransaction(h -> audit.record(h, AuditEntry.of("admin", success ? "admin.signed-in" : "admin.sign-in-failed",
                                                                   null, null, null, null, adminIp, null, null, null)));
    }

    private void change(Handle h, Mention before, Lifecycle.Event event, String adminIp, String detail) {
        ModerationStatus after = Lifecycle.next(before.state(), event).status();
        store.saveStatus(h, before.id(), after);
        record(h, "status.changed", before, before.status().id(), after.id(), adminIp, detail);
    }

    private void record(Handle h, String action, Mention m, String oldStatus, String newStatus, String adminIp, String detail) {
        audit.record(h, AuditEntry.of("admin", action, m.id(), m.kind().id(), m.source(), m.target(), adminIp, oldStatus, newStatus,
                                      detail));
    }
}
