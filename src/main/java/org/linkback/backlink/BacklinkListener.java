package org.linkback.backlink;

import java.util.List;
import java.util.Optional;

import org.jdbi.v3.core.Handle;

/**
 * Told of every change to a backlink, in the change's own unit of work: so what follows from a
 * change (a feed's new version, a webhook event) commits with it or not at all. Implemented
 * outside this package ({@code feed/FeedVersions}, {@code webhook/Webhooks}), which depend on the
 * backlink, not the other way round.
 */
public interface BacklinkListener {

    /** Which operation of {@link Backlinks} made the change. */
    enum Operation {
        /** A webmention was stored, pending its check. */
        QUEUED,
        /** A check (at once, or queued) found the link. */
        CHECK_PASSED,
        /** A check failed for good. */
        CHECK_FAILED,
        /** A moderator set its status, or a block marked it spam, or an unblock restored it. */
        MODERATED,
        /** Removed for good. */
        DELETED,
        /** Read from an export file, or loaded in bulk. */
        IMPORTED
    }

    /**
     * One change.
     *
     * @param before the backlink before, or empty when it is new
     * @param after  the backlink after, or empty when it was removed
     * @param actor  who moderated it ("admin", an owner's label, "list:ID" for a followed blocklist), or null
     * @param found  what a check that passed found (its details, score, and what the learned filter read), or null
     * @param undo   the change gives back a status an unblock found in the audit log (no person judged the page again)
     */
    record Change(Operation operation, Optional<Backlink> before, Optional<Backlink> after, String actor, CheckResult found,
                  boolean undo) {

        public Change(Operation operation, Optional<Backlink> before, Optional<Backlink> after) {
            this(operation, before, after, null, null, false);
        }

        /** The backlink as it is after the change, or was before its removal. */
        public Backlink backlink() {
            return after.or(() -> before).orElseThrow();
        }
    }

    void changed(Handle h, Change change);

    /** Many changes in one unit of work (an import's batch): a listener may handle them together. */
    default void changedAll(Handle h, List<Change> changes) {
        changes.forEach(change -> changed(h, change));
    }
}
