package org.linkback.backlink;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jdbi.v3.core.Handle;

import org.linkback.audit.AuditEntry;
import org.linkback.audit.AuditLog;
import org.linkback.backlink.BacklinkListener.Change;
import org.linkback.backlink.BacklinkListener.Operation;
import org.linkback.config.Sites;
import org.linkback.mf2.Interaction;
import org.linkback.store.Database;

/**
 * The one way to change a backlink. Every operation runs in the caller's unit of work and does
 * all of it there: reads the row as it is now (locked on PostgreSQL), lets {@link Lifecycle}
 * decide the new state, writes the row (and its interaction), writes the audit entry, and tells
 * the listeners (the feeds' versions, webhook events). A verdict made meanwhile (a moderator's,
 * during a slow fetch) is never overwritten by what a check read before it.
 */
public final class Backlinks {

    private final Database database;
    private final BacklinkStore store;
    private final AuditLog audit;
    private final List<BacklinkListener> listeners;

    public Backlinks(Database database, AuditLog audit, Clock clock, List<BacklinkListener> listeners) {
        this.database = database;
        this.store = new BacklinkStore(database.dialect(), clock);
        this.audit = audit;
        this.listeners = List.copyOf(listeners);
    }

    public Optional<Backlink> find(String source, String target) {
        return database.read(h -> store.find(h, source, target));
    }

    public Optional<Backlink> findById(long id) {
        return database.read(h -> store.findById(h, id));
    }

    /**
     * {@link #findById}, but empty for a row this version cannot read (logged once): a queued check
     * of such a row ends instead of failing at every attempt.
     */
    public Optional<Backlink> findReadable(long id) {
        return database.read(h -> store.findReadable(h, id));
    }

    public Optional<Backlink> findById(Handle h, long id) {
        return store.findById(h, id);
    }

    /** The backlink whose status URL names this token. */
    public Optional<Backlink> findByStatusToken(String token) {
        return database.read(h -> store.findByStatusToken(h, token));
    }

    /**
     * A webmention to check in the background: stored pending its check, or the known one (the
     * sender says its source changed), with a status token either way.
     */
    public Backlink queued(Handle h, Cause cause, String source, String target, String site) {
        Backlink backlink = store.find(h, source, target).orElseGet(() -> {
            Optional<Backlink> inserted = store.insert(h, new BacklinkStore.NewBacklink(
                    cause.kind(), source, target, site, new BacklinkState(ModerationStatus.PENDING, CheckState.PENDING),
                    new Backlink.Details(null, null, null), Assessment.CLEAN, cause.clientIp()));
            inserted.ifPresent(b -> tell(h, Operation.QUEUED, Optional.empty(), Optional.of(b)));
            return inserted.or(() -> store.find(h, source, target)).orElseThrow(); // else a concurrent request stored it first
        });
        Backlink tokened = store.ensureStatusToken(h, backlink);
        record(h, cause, "queued", tokened, null, null, "id=" + tokened.id(), null);
        return tokened;
    }

    /**
     * A ping checked before we answer (pingback, TrackBack) found the link: a new backlink, or
     * one whose link had been lost found again.
     *
     * @throws DuplicateBacklinkException when the pair is verified already (also when a concurrent ping verified it first)
     */
    public Backlink pingPassed(Handle h, Cause cause, String source, String target, String site, CheckResult found) {
        Optional<Backlink> current = store.findForUpdate(h, source, target);
        if (current.isPresent()) {
            if (Lifecycle.isDuplicate(current.get().state())) {
                throw new DuplicateBacklinkException(source, target);
            }
            return passed(h, current.get(), cause, found);
        }
        return inserted(h, cause, source, target, site, found);
    }

    /**
     * A reaction its sender signed (ActivityPub), said for the first time or again (an Update):
     * a new backlink, or the stored one as it now says (a moderator's verdict stays).
     */
    public Backlink signedReaction(Handle h, Cause cause, String source, String target, String site, CheckResult found) {
        Optional<Backlink> current = store.findForUpdate(h, source, target);
        return current.isPresent() ? passed(h, current.get(), cause, found) : inserted(h, cause, source, target, site, found);
    }

    private Backlink inserted(Handle h, Cause cause, String source, String target, String site, CheckResult found) {
        Backlink inserted = store.insert(h, new BacklinkStore.NewBacklink(cause.kind(), source, target, site,
                                                                         Lifecycle.first(found.scored()), found.details(),
                                                                         found.assessment(), cause.clientIp()))
                .orElseThrow(() -> new DuplicateBacklinkException(source, target));
        InteractionColumns.save(h, inserted.id(), found.interaction());
        Backlink stored = inserted.withInteraction(found.interaction());
        record(h, cause, "accepted", stored, null, stored.status(), acceptedDetail(stored), null);
        tell(h, new Change(Operation.CHECK_PASSED, Optional.empty(), Optional.of(stored), null, found, false));
        return stored;
    }

    /**
     * A queued check (a webmention's first, a webmention sent again, a sweep) found the link.
     *
     * @return the backlink as it now is, or empty when it was deleted meanwhile
     */
    public Optional<Backlink> checkPassed(Handle h, long id, Cause cause, CheckResult found) {
        return store.findForUpdate(h, id).map(current -> passed(h, current, cause, found));
    }

    private Backlink passed(Handle h, Backlink current, Cause cause, CheckResult found) {
        BacklinkState next = Lifecycle.next(current.state(), new Lifecycle.CheckPassed(found.scored()));
        Backlink saved = store.savePassedCheck(h, current.id(), cause.kind(), next, found, cause.clientIp());
        record(h, cause, "accepted", saved, null, saved.status(), acceptedDetail(saved), null);
        tell(h, new Change(Operation.CHECK_PASSED, Optional.of(current), Optional.of(saved), null, found, false));
        return saved;
    }

    private static String acceptedDetail(Backlink b) {
        return "id=" + b.id() + " status=" + b.status().id() + " spamScore=" + b.assessment().score();
    }

    /**
     * A check failed for good: the backlink is rejected, or deleted when it had been verified (a
     * moderator's verdict stays). At a sweep, a first 404 only counts: the next sweep decides.
     *
     * @return the backlink as it now is with the failure recorded; empty when it was deleted
     *         meanwhile, or when a sweep's first 404 was only counted
     */
    public Optional<Backlink> checkFailed(Handle h, long id, Cause cause, CheckFailure failure, boolean sweep) {
        return store.findForUpdate(h, id).flatMap(current -> {
            if (sweep && failure.isNotFoundOnce() && current.missingCount() == 0) {
                store.countMissing(h, id);
                return Optional.empty();
            }
            Backlink saved = store.saveFailedCheck(h, id, Lifecycle.next(current.state(), new Lifecycle.CheckFailed()),
                                                   failure.refusal(), failure.message());
            record(h, cause, saved.check().id(), saved, null, saved.status(), saved.reason(), failure.refusal());
            tell(h, Operation.CHECK_FAILED, Optional.of(current), Optional.of(saved));
            return Optional.of(saved);
        });
    }

    /**
     * A moderator sets a backlink's status ({@code detail}: why, for the audit log, or null).
     *
     * @return the backlink as it now is, or empty when there is none of that id (on the moderator's site)
     */
    public Optional<Backlink> moderatorSets(Handle h, long id, ModerationStatus status, Cause moderator, String detail) {
        return store.findForUpdate(h, id).filter(moderator::reaches).map(current -> moderated(h, current, new Lifecycle.ModeratorSets(status), moderator, detail));
    }

    /**
     * Unblocking with restore: a backlink the block marked spam gets the status it had before,
     * if it is spam still when this unit of work reads it (a moderator's later verdict stays).
     *
     * @return the backlink as it now is, or empty when it is gone or no longer spam
     */
    public Optional<Backlink> restored(Handle h, long id, ModerationStatus before, Cause moderator, String detail) {
        return store.findForUpdate(h, id)
                .filter(moderator::reaches)
                .filter(current -> current.status() == ModerationStatus.SPAM)
                .map(current -> moderated(h, current, new Lifecycle.ModeratorSets(before), moderator, detail, true));
    }

    /**
     * The source hosts matching {@code host} (with {@code withSubdomains}, also those under it)
     * were blocked, for every site or for the moderator's one: their backlinks there that are not
     * spam yet become spam.
     *
     * @return the backlinks that became spam
     */
    public List<Backlink> blocked(Handle h, String host, boolean withSubdomains, Cause moderator, String detail) {
        List<Backlink> marked = new ArrayList<>();
        for (Backlink covered : store.fromHost(h, host, withSubdomains)) {
            store.findForUpdate(h, covered.id())
                    .filter(moderator::reaches)
                    .filter(current -> current.status() != ModerationStatus.SPAM)
                    .ifPresent(current -> marked.add(moderated(h, current, new Lifecycle.Blocked(), moderator, detail)));
        }
        return marked;
    }

    private Backlink moderated(Handle h, Backlink current, Lifecycle.Event event, Cause moderator, String detail) {
        return moderated(h, current, event, moderator, detail, false);
    }

    private Backlink moderated(Handle h, Backlink current, Lifecycle.Event event, Cause moderator, String detail, boolean undo) {
        ModerationStatus after = Lifecycle.next(current.state(), event).status();
        Backlink saved = store.saveStatus(h, current.id(), after);
        record(h, moderator, "status.changed", current, current.status(), after, detail, null);
        tell(h, new Change(Operation.MODERATED, Optional.of(current), Optional.of(saved), moderator.actor(), null, undo));
        return saved;
    }

    /**
     * Removes up to {@code limit} backlinks of a deleted site for good, without an audit entry or
     * an event each (the caller audits the purge once; the site's feeds are gone with it).
     *
     * @return how many were removed: call again until 0
     */
    public int purgedSite(Handle h, String site, int limit) {
        return store.purgeSite(h, site, limit);
    }

    /**
     * Removes a backlink for good (and its queued check).
     *
     * @return the backlink as it was, or empty when there is none of that id (on the moderator's site)
     */
    public Optional<Backlink> delete(Handle h, long id, Cause moderator) {
        return store.findForUpdate(h, id).filter(moderator::reaches).map(current -> {
            store.delete(h, id);
            record(h, moderator, "mention.deleted", current, current.status(), null, null, null);
            tell(h, Operation.DELETED, Optional.of(current), Optional.empty());
            return current;
        });
    }

    /** The sweep queued a re-check of this backlink now (it is not due again for an interval). */
    public void swept(Handle h, long id) {
        store.markSwept(h, id);
    }

    /** A backlink read from an export file, its source host as the file says, and when the sweep last queued it. */
    public record Imported(Backlink backlink, String sourceHost, Instant lastSweptAt) {
    }

    /**
     * Stores backlinks read from an export as they were (states, times, token): a move, not a
     * change, so they are not audited one by one and fire no webhook; their feeds show them. Each
     * is first checked and cleaned as a ping's would be ({@link ImportCheck}).
     *
     * @return for each, its new id, or empty when its pair was stored already
     * @throws IllegalArgumentException when one cannot be a backlink of these sites (saying why), or
     *                                  its status token is another stored backlink's
     */
    public List<Optional<Long>> imported(Handle h, List<Imported> lines, Sites sites) {
        List<Imported> rows = lines.stream().map(line -> ImportCheck.checked(line, sites)).toList();
        List<Optional<Long>> ids = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        for (Imported row : rows) {
            Backlink b = row.backlink();
            Optional<Long> id = ImportedRows.insert(h, database.dialect(), row);
            if (id.isEmpty() && store.find(h, b.source(), b.target()).isEmpty()) {
                // HSQLDB reports any unique key the same way: here another one (a status token) met another row
                throw new IllegalArgumentException("the backlink conflicts with a stored row of another source and target");
            }
            id.ifPresent(stored -> changes.add(new Change(Operation.IMPORTED, Optional.empty(), Optional.of(b))));
            ids.add(id);
        }
        listeners.forEach(listener -> listener.changedAll(h, changes));
        return ids;
    }

    /** A new backlink to load in bulk, received at {@code receivedAt}. */
    public record Loaded(Kind kind, String source, String target, String site, BacklinkState state, Backlink.Details details,
                         Assessment assessment, String clientIp, Instant receivedAt) {
    }

    /** Loads many new backlinks in one batch (benchmarks, tests): a taken pair fails the whole unit of work. */
    public void loaded(Handle h, List<Loaded> rows) {
        store.insertAll(h, rows.stream().map(r -> new BacklinkStore.Dated(
                new BacklinkStore.NewBacklink(r.kind(), r.source(), r.target(), r.site(), r.state(), r.details(), r.assessment(),
                                              r.clientIp()), r.receivedAt())).toList());
        List<Change> changes = rows.stream().map(r -> new Change(Operation.IMPORTED, Optional.empty(), Optional.of(
                new Backlink(0, r.kind(), r.source(), r.target(), r.site(), r.state(), null, null, null, null, null, r.clientIp(),
                             r.assessment(), r.receivedAt(), null, r.receivedAt(), null, 0, Interaction.NONE))))
                .toList();
        listeners.forEach(listener -> listener.changedAll(h, changes));
    }

    private void tell(Handle h, Operation operation, Optional<Backlink> before, Optional<Backlink> after) {
        tell(h, new Change(operation, before, after));
    }

    private void tell(Handle h, Change change) {
        listeners.forEach(listener -> listener.changed(h, change));
    }

    /**
     * The audit entry of a change. A ping's or check's names the URLs as sent (or as the check
     * read them); a moderator's, the backlink's own.
     */
    private void record(Handle h, Cause cause, String outcome, Backlink b, ModerationStatus oldStatus, ModerationStatus newStatus,
                        String detail, Refusal reason) {
        boolean fromRemote = cause.source() != null;
        String action = fromRemote ? cause.actor() + "." + outcome : outcome;
        audit.record(h, AuditEntry.of(cause.actor(), action, b.id(), (cause.kind() != null ? cause.kind() : b.kind()).id(),
                                      fromRemote ? cause.source() : b.source(), fromRemote ? cause.target() : b.target(),
                                      cause.clientIp(), oldStatus == null ? null : oldStatus.id(),
                                      newStatus == null ? null : newStatus.id(), detail)
                .withReason(reason == null ? null : reason.id())
                .withSite(b.site()));
    }
}
