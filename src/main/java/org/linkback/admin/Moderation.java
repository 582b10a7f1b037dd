package org.linkback.admin;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.linkback.audit.AuditEntry;
import org.linkback.audit.AuditLog;
import org.linkback.spam.Blocklist;
import org.linkback.store.Mention;
import org.linkback.store.MentionStore;
import org.linkback.store.Status;

/**
 * What a moderator can do, each action written to the audit log with old and new status.
 */
final class Moderation {

    private final MentionStore store;
    private final Blocklist blocklist;
    private final AuditLog audit;

    Moderation(MentionStore store, Blocklist blocklist, AuditLog audit) {
        this.store = store;
        this.blocklist = blocklist;
        this.audit = audit;
    }

    /** Sets the status of backlinks; returns how many existed. */
    int setStatus(Collection<Long> ids, Status status, String adminIp) {
        List<Mention> before = store.setStatus(ids, status);
        before.forEach(m -> record("status.changed", m, m.status().id(), status.id(), adminIp, null));
        return before.size();
    }

    Optional<Mention> delete(long id, String adminIp) {
        Optional<Mention> deleted = store.delete(id);
        deleted.ifPresent(m -> record("mention.deleted", m, m.status().id(), null, adminIp, null));
        return deleted;
    }

    /**
     * Blocks a host pattern and marks the backlinks it covers as spam.
     *
     * @return how many backlinks became spam
     */
    int block(String pattern, String adminIp) {
        blocklist.add(pattern, "admin");
        boolean wildcard = pattern.startsWith("*.");
        List<Long> ids = store.idsFromHost(wildcard ? pattern.substring(2) : pattern, wildcard).stream()
                .filter(id -> store.findById(id).map(m -> m.status() != Status.SPAM).orElse(false))
                .toList();
        List<Mention> before = store.setStatus(ids, Status.SPAM);
        before.forEach(m -> record("status.changed", m, m.status().id(), Status.SPAM.id(), adminIp, "blocked " + pattern));
        audit.record(AuditEntry.of("admin", "blocklist.added", null, null, null, null, adminIp, null, null,
                                   pattern + " (" + before.size() + " backlinks marked spam)"));
        return before.size();
    }

    /** Unblocks a pattern. Its backlinks stay spam until a moderator approves them. */
    boolean unblock(String pattern, String adminIp) {
        boolean removed = blocklist.remove(pattern);
        if (removed) {
            audit.record(AuditEntry.of("admin", "blocklist.removed", null, null, null, null, adminIp, null, null, pattern));
        }
        return removed;
    }

    void signIn(String adminIp, boolean success) {
        audit.record(AuditEntry.of("admin", success ? "admin.signed-in" : "admin.sign-in-failed", null, null, null, null,
                                   adminIp, null, null, null));
    }

    private void record(String action, Mention m, String oldStatus, String newStatus, String adminIp, String detail) {
        audit.record(AuditEntry.of("admin", action, m.id(), m.kind().id(), m.source(), m.target(), adminIp, oldStatus, newStatus,
                                   detail));
    }
}
