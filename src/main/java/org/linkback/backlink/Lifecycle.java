package org.linkback.backlink;


/**
 * Every rule about how a backlink's moderation status and check state change, in one place.
 * Pure: no I/O, so {@code LifecycleTest} lists every row of the table.
 *
 * <p>The rules in short:
 * <ul>
 *   <li>A first check that passes stores the backlink with the status its spam score and its
 *       site give ({@code scored}).</li>
 *   <li>A re-check that passes keeps the status of a verified backlink and any moderator's verdict
 *       (spam, rejected, deleted while verified); a backlink that was pending its first check or
 *       had lost its link gets the {@code scored} status again.</li>
 *   <li>A re-check that fails deletes a backlink that was verified (it leaves the feeds) and
 *       rejects one that never was; a moderator's verdict stays.</li>
 *   <li>A moderator sets any status; the check state stays.</li>
 *   <li>Blocking the source host makes a backlink spam.</li>
 *   <li>A ping for a backlink that is verified is a duplicate, whatever its status: a moderator's
 *       verdict cannot be undone by pinging again.</li>
 * </ul>
 */
public final class Lifecycle {

    private Lifecycle() {
    }

    /** What happens to a backlink. */
    public sealed interface Event {
    }

    /** A check (first or re-check) found the link; {@code scored} is what spam score and site make of it. */
    public record CheckPassed(ModerationStatus scored) implements Event {
    }

    /** A check found no link, or the source is gone, for good. */
    public record CheckFailed() implements Event {
    }

    /** A moderator chose a status. */
    public record ModeratorSets(ModerationStatus chosen) implements Event {
    }

    /** The source host was put on the blocklist. */
    public record Blocked() implements Event {
    }

    /** The state of a backlink seen for the first time, after its first check passed. */
    public static BacklinkState first(ModerationStatus scored) {
        return new BacklinkState(scored, CheckState.VERIFIED);
    }

    /** The state after an event. */
    public static BacklinkState next(BacklinkState current, Event event) {
        return switch (event) {
            case CheckPassed passed -> new BacklinkState(current.check() == CheckState.VERIFIED || isModeratedAway(current)
                                                         ? current.status() : passed.scored(),
                                                 CheckState.VERIFIED);
            case CheckFailed failed -> afterFailedCheck(current);
            case ModeratorSets moderator -> new BacklinkState(moderator.chosen(), current.check());
            case Blocked blocked -> new BacklinkState(ModerationStatus.SPAM, current.check());
        };
    }

    private static BacklinkState afterFailedCheck(BacklinkState current) {
        if (isDeletedByModerator(current)) {
            return current; // a moderator deleted it: it stays so, and its link stays "verified" for good
        }
        boolean wasVerified = current.check() == CheckState.VERIFIED || current.check() == CheckState.DELETED;
        CheckState check = wasVerified ? CheckState.DELETED : CheckState.REJECTED;
        ModerationStatus status = isModeratedAway(current) || !wasVerified ? current.status() : ModerationStatus.DELETED;
        return new BacklinkState(status, check);
    }

    /** A ping for this backlink again is a duplicate: its link is verified. */
    public static boolean isDuplicate(BacklinkState current) {
        return current.check() == CheckState.VERIFIED;
    }

    /**
     * What a webmention's sender is told at its status URL, and no more: {@code verified} once the
     * backlink is published, {@code pending} while it waits for its check or for a moderator,
     * {@code rejected} when it will not be shown (no link, spam, rejected), {@code deleted} when it
     * was taken down (its source dropped the link, or a moderator deleted it).
     */
    public static CheckState publicCheckState(BacklinkState current) {
        return switch (current.status()) {
            case APPROVED -> current.check() == CheckState.VERIFIED ? CheckState.VERIFIED : current.check();
            case PENDING -> current.check() == CheckState.VERIFIED ? CheckState.PENDING : current.check();
            case SPAM, REJECTED -> current.check() == CheckState.DELETED ? CheckState.DELETED : CheckState.REJECTED;
            case DELETED -> CheckState.DELETED;
        };
    }

    /** A moderator's verdict that no re-check may undo: spam, rejected, or deleted while verified. */
    static boolean isModeratedAway(BacklinkState s) {
        return s.status() == ModerationStatus.SPAM || s.status() == ModerationStatus.REJECTED || isDeletedByModerator(s);
    }

    private static boolean isDeletedByModerator(BacklinkState s) {
        return s.status() == ModerationStatus.DELETED && s.check() == CheckState.VERIFIED;
    }
}
