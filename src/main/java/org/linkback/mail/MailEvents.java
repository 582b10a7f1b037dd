package org.linkback.mail;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;

import org.jdbi.v3.core.Handle;

import org.linkback.backlink.Backlink;
import org.linkback.backlink.BacklinkListener;
import org.linkback.backlink.CheckState;
import org.linkback.backlink.ModerationStatus;

/**
 * Notes, in the unit of work of a change, a backlink someone should hear of by email: one that now
 * waits for review ({@code held}: it passed its check and was held), or one that arrived and is
 * public ({@code new}). Only when someone chose to hear of it on that site. {@link MailGatherer}
 * turns the notes into emails.
 */
final class MailEvents implements BacklinkListener {

    private final MailChoices choices;
    private final boolean admin;
    private final Clock clock;
    private volatile Runnable onEvent = () -> { };

    /** @param admin whether an admin address is configured */
    MailEvents(MailChoices choices, boolean admin, Clock clock) {
        this.choices = choices;
        this.admin = admin;
        this.clock = clock;
    }

    /** What to run once a unit of work with a note in it commits (the gatherer's wake-up). */
    void onEvent(Runnable listener) {
        this.onEvent = listener;
    }

    @Override
    public void changed(Handle h, Change change) {
        if (change.operation() != Operation.CHECK_PASSED) {
            return; // a moderator's verdict, a failed check, an import: nobody needs telling
        }
        Backlink after = change.after().orElseThrow();
        MailChoices.Event event = event(change.before(), after);
        if (event == null) {
            return;
        }
        MailChoices.SiteChoices wanted = choices.of(h, after.site());
        if (!(wanted.ownerAddress() != null && wanted.owner().contains(event) || admin && wanted.admin().contains(event))) {
            return;
        }
        h.createUpdate("INSERT INTO mail_event (site, event, mention_id, created_at) VALUES (:site, :event, :id, :now)")
                .bind("site", after.site())
                .bind("event", event.id())
                .bind("id", after.id())
                .bind("now", Timestamp.from(clock.instant()))
                .execute();
        h.afterCommit(onEvent);
    }

    /** Held: checked and waiting for review, and was not before. New: public, and was not before. */
    static MailChoices.Event event(Optional<Backlink> before, Backlink after) {
        if (after.status() == ModerationStatus.PENDING && after.check() == CheckState.VERIFIED
            && before.map(b -> b.status() != ModerationStatus.PENDING || b.check() != CheckState.VERIFIED).orElse(true)) {
            return MailChoices.Event.HELD;
        }
        if (after.status() == ModerationStatus.APPROVED && before.map(b -> b.status() != ModerationStatus.APPROVED).orElse(true)) {
            return MailChoices.Event.NEW;
        }
        return null;
    }
}
