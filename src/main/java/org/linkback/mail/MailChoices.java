package org.linkback.mail;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.jdbi.v3.core.Handle;

import org.linkback.store.Database;

/**
 * Who hears of a site's backlinks by email, and of what: the site's owner (its {@code notify}
 * address) and the admin ({@code linkback.mail.admin}), each choosing per site among
 * {@link Event}s. Kept in {@code mail_choice}; a person without a row gets {@link #DEFAULT}.
 */
public final class MailChoices {

    /** What a person may hear of. */
    public enum Event {
        /** A backlink waits for review: at once (gathered, at most one email per site every five minutes). */
        HELD,
        /** A new backlink is public: at once, gathered the same way. */
        NEW,
        /** One email a day. */
        DIGEST;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Who a choice is of. */
    public enum Person {
        OWNER, ADMIN;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Person fromId(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }

    /** What a person gets who never chose: what waits for them at once, and the day's summary. */
    public static final Set<Event> DEFAULT = Set.copyOf(EnumSet.of(Event.HELD, Event.DIGEST));

    /**
     * A site's choices.
     *
     * @param ownerAddress the owner's address, or null for none
     * @param owner  what the owner hears of
     * @param admin  what the admin hears of
     */
    public record SiteChoices(String ownerAddress, Set<Event> owner, Set<Event> admin) {
    }

    private final Database database;
    private final Clock clock;

    public MailChoices(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public SiteChoices of(String site) {
        return database.read(h -> of(h, site));
    }

    /** A site's choices as this unit of work sees them. */
    public SiteChoices of(Handle h, String site) {
        Map<String, Row> rows = new HashMap<>();
        h.createQuery("SELECT person, address, events FROM mail_choice WHERE site = :site")
                .bind("site", site)
                .map((rs, ctx) -> new Row(rs.getString("person"), rs.getString("address"), rs.getString("events")))
                .forEach(row -> rows.put(row.person(), row));
        return choices(rows);
    }

    private static SiteChoices choices(Map<String, Row> rows) {
        Row owner = rows.get(Person.OWNER.id());
        Row admin = rows.get(Person.ADMIN.id());
        return new SiteChoices(owner == null ? null : owner.address(),
                               owner == null ? DEFAULT : events(owner.events()),
                               admin == null ? DEFAULT : events(admin.events()));
    }

    private record Row(String person, String address, String events) {
    }

    /** Every site's choices that differ from the defaults, by site (for a list of sites: one query). */
    public Map<String, SiteChoices> all() {
        Map<String, Map<String, Row>> bySite = new HashMap<>();
        database.read(h -> h.createQuery("SELECT site, person, address, events FROM mail_choice")
                .map((rs, ctx) -> Map.entry(rs.getString("site"), new Row(rs.getString("person"), rs.getString("address"), rs.getString("events"))))
                .list()).forEach(e -> bySite.computeIfAbsent(e.getKey(), k -> new HashMap<>()).put(e.getValue().person(), e.getValue()));
        Map<String, SiteChoices> all = new HashMap<>();
        bySite.forEach((site, rows) -> all.put(site, choices(rows)));
        return all;
    }

    /** The choices of a site that never chose. */
    public static final SiteChoices NONE_CHOSEN = new SiteChoices(null, DEFAULT, DEFAULT);

    /** Sets the owner's address of a site (null: none), keeping what they chose to hear of. */
    public void setNotify(Handle h, String site, String address) {
        save(h, site, Person.OWNER, Optional.ofNullable(address), null);
    }

    /** Sets what a person hears of on a site. */
    public void setEvents(Handle h, String site, Person person, Set<Event> events) {
        save(h, site, person, null, events);
    }

    /** @param address empty to clear, null to keep */
    private void save(Handle h, String site, Person person, Optional<String> address, Set<Event> events) {
        Timestamp now = Timestamp.from(clock.instant());
        var update = h.createUpdate("UPDATE mail_choice SET updated_at = :now"
                                    + (address != null ? ", address = :address" : "")
                                    + (events != null ? ", events = :events" : "")
                                    + " WHERE site = :site AND person = :person")
                .bind("now", now).bind("site", site).bind("person", person.id());
        if (address != null) {
            update.bind("address", address.orElse(null));
        }
        if (events != null) {
            update.bind("events", ids(events));
        }
        if (update.execute() == 0) {
            int inserted = database.dialect().insertUnlessTaken(h, "INSERT INTO mail_choice (site, person, address, events, updated_at) "
                                                                   + "VALUES (:site, :person, :address, :events, :now)", "site, person",
                                                                insert -> insert.bind("site", site).bind("person", person.id())
                                                                        .bind("address", address == null ? null : address.orElse(null))
                                                                        .bind("events", ids(events == null ? DEFAULT : events))
                                                                        .bind("now", now));
            if (inserted == 0) {
                save(h, site, person, address, events); // another request made the row first
            }
        }
    }

    /** Forgets a purged site's choices. */
    public static void forget(Handle h, String site) {
        h.createUpdate("DELETE FROM mail_choice WHERE site = :site").bind("site", site).execute();
    }

    /** As stored and in the API: "held,digest", or "none". */
    static String ids(Set<Event> events) {
        return events.isEmpty() ? "none" : String.join(",", events.stream().sorted().map(Event::id).toList());
    }

    /** The stored form back. */
    static Set<Event> events(String ids) {
        if (ids == null || ids.isBlank() || ids.equals("none")) {
            return Set.of();
        }
        return Set.copyOf(Arrays.stream(ids.split(",")).map(id -> Event.valueOf(id.strip().toUpperCase(Locale.ROOT))).toList());
    }

    /** The API's list of event names, sorted: ["digest", "held"]. */
    public static List<String> names(Set<Event> events) {
        return events.stream().sorted().map(Event::id).toList();
    }

    /**
     * Events as a request names them: any of held, new, digest; "none" or nothing for none.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Set<Event> parseEvents(Collection<String> names) {
        List<Event> events = new ArrayList<>();
        for (String name : names) {
            String id = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
            if (id.equals("none")) {
                continue;
            }
            try {
                events.add(Event.valueOf(id.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("events are held, new, digest or none, not " + name);
            }
        }
        return events.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(events));
    }

    /**
     * An email address as a person types it, checked (RFC 822 syntax, one plain address, no name).
     *
     * @return it stripped, or null for blank (none)
     * @throws IllegalArgumentException naming what is wrong
     */
    public static String parseAddress(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String address = text.strip();
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            parsed.validate();
            if (!parsed.getAddress().equals(address) || address.length() > 254 || !address.contains("@")
                || address.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
                throw new AddressException("not a plain address");
            }
            return address;
        } catch (AddressException e) {
            throw new IllegalArgumentException("not an email address: give one plain address, e.g. owner@blog.example");
        }
    }
}
