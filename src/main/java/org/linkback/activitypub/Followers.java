package org.linkback.activitypub;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.jdbi.v3.core.Handle;

import org.linkback.store.Database;

/** Who follows each site's actor ({@code fediverse_follower}), and where to deliver to them. */
final class Followers {

    private final Database database;

    Followers(Database database) {
        this.database = database;
    }

    /** Stores a follower, or what is new about one that follows already. */
    void add(Handle h, String site, RemoteActors.Actor actor, Instant now) {
        int changed = h.createUpdate("UPDATE fediverse_follower SET inbox = :inbox, shared_inbox = :shared WHERE site = :site AND actor = :actor")
                .bind("site", site)
                .bind("actor", actor.id().toString())
                .bind("inbox", actor.inbox().toString())
                .bind("shared", actor.sharedInbox() == null ? null : actor.sharedInbox().toString())
                .execute();
        if (changed == 0) {
            database.dialect().insertUnlessTaken(h, "INSERT INTO fediverse_follower (site, actor, inbox, shared_inbox, followed_at) "
                                                    + "VALUES (:site, :actor, :inbox, :shared, :now)", "site, actor",
                                                 insert -> insert.bind("site", site)
                                                         .bind("actor", actor.id().toString())
                                                         .bind("inbox", actor.inbox().toString())
                                                         .bind("shared", actor.sharedInbox() == null ? null : actor.sharedInbox().toString())
                                                         .bind("now", Timestamp.from(now)));
        }
    }

    /** Forgets a follower of a site (Undo Follow); true when there was one. */
    boolean remove(Handle h, String site, String actor) {
        return h.createUpdate("DELETE FROM fediverse_follower WHERE site = :site AND actor = :actor")
                       .bind("site", site).bind("actor", actor).execute() > 0;
    }

    /** Forgets an actor as a follower of every site (it was deleted). */
    int removeActor(Handle h, String actor) {
        return h.createUpdate("DELETE FROM fediverse_follower WHERE actor = :actor").bind("actor", actor).execute();
    }

    /** Forgets every follower delivered to at an inbox that answered 410 Gone. */
    int removeInbox(Handle h, String inbox) {
        return h.createUpdate("DELETE FROM fediverse_follower WHERE inbox = :inbox OR shared_inbox = :inbox")
                .bind("inbox", inbox).execute();
    }

    /** Where to deliver to all of a site's followers: each server's shared inbox once, else each follower's own. */
    List<String> inboxes(Handle h, String site) {
        return h.createQuery("SELECT DISTINCT COALESCE(shared_inbox, inbox) FROM fediverse_follower WHERE site = :site")
                .bind("site", site).mapTo(String.class).list();
    }

    long count(String site) {
        return database.read(h -> h.createQuery("SELECT COUNT(*) FROM fediverse_follower WHERE site = :site")
                .bind("site", site).mapTo(Long.class).one());
    }
}
