package org.linkback.mail;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import org.jdbi.v3.core.Handle;

import org.linkback.backlink.Backlink;
import org.linkback.backlink.BacklinkRows;
import org.linkback.backlink.CheckState;
import org.linkback.backlink.ModerationStatus;
import org.linkback.config.Site;
import org.linkback.config.Sites;
import org.linkback.i18n.Messages;
import org.linkback.store.Database;
import org.linkback.task.BackgroundTask;

/**
 * Turns what happened into emails, once a second: a site's notes ({@link MailEvents}) become one
 * email per person, {@link #WAIT} after the first note (so a wave is one email) and no sooner than
 * {@link #EVERY} after the site's last one; and at {@code digest-at} each day, everyone's digest.
 * A site's gathering is claimed by a conditional UPDATE and a digest has a dedupe key, so processes
 * sharing a database never make one email twice.
 */
final class MailGatherer implements AutoCloseable {

    /** How long the first note of a quiet site waits for others: a wave of backlinks is one email. */
    static final Duration WAIT = Duration.ofMinutes(1);
    /** At most one held-or-new email per site in this time. */
    static final Duration EVERY = Duration.ofMinutes(5);
    /** The hosts a digest names. */
    private static final int TOP_SOURCES = 5;
    /** The held backlinks a digest lists (with their links); the rest are counted. */
    private static final int DIGEST_HELD = 10;
    /** The widget's order of types, kept by the digest's count line. */
    private static final List<String> TYPES = List.of("reply", "like", "repost", "bookmark", "rsvp", "mention");

    private static final Logger LOG = Logger.getLogger(MailGatherer.class.getName());

    private final Database database;
    private final MailChoices choices;
    private final Letters letters;
    private final Mailbox mailbox;
    private final Sites sites;
    private final String admin;
    private final LocalTime digestAt;
    private final Clock clock;
    private final BackgroundTask task;
    private volatile LocalDate digestsMade;

    /** @param admin the admin's address, or "" for none */
    MailGatherer(Database database, MailChoices choices, Letters letters, Mailbox mailbox, Sites sites, String admin, LocalTime digestAt,
                 Clock clock) {
        this.database = database;
        this.choices = choices;
        this.letters = letters;
        this.mailbox = mailbox;
        this.sites = sites;
        this.admin = admin;
        this.digestAt = digestAt;
        this.clock = clock;
        this.task = BackgroundTask.of("mail", Duration.ofSeconds(1), "could not gather the emails", this::run);
    }

    MailGatherer start() {
        task.start();
        return this;
    }

    /** Looks again now (a note was written, or a test moved its clock). */
    void wakeUp() {
        task.wakeUp();
    }

    private void run() {
        Instant now = clock.instant();
        for (String site : due(now)) {
            database.useTransaction(h -> gather(h, site, now));
        }
        digests(now);
    }

    /** Sites with notes whose email is due: a minute after the first, five after the site's last email. */
    private List<String> due(Instant now) {
        return database.read(h -> h.createQuery("SELECT e.site, MIN(e.created_at) AS first, s.gathered_at FROM mail_event e "
                                                + "LEFT JOIN mail_site s ON s.site = e.site GROUP BY e.site, s.gathered_at")
                .map((rs, ctx) -> {
                    Instant first = rs.getTimestamp("first").toInstant();
                    Timestamp last = rs.getTimestamp("gathered_at");
                    boolean due = !now.isBefore(first.plus(WAIT)) && (last == null || !now.isBefore(last.toInstant().plus(EVERY)));
                    return due ? rs.getString("site") : null;
                })
                .list().stream().filter(Objects::nonNull).toList());
    }

    /** One site's notes into one email per person and kind; claimed first, so one process does it. */
    private void gather(Handle h, String siteName, Instant now) {
        Timestamp at = Timestamp.from(now);
        boolean claimed = h.createUpdate("UPDATE mail_site SET gathered_at = :now WHERE site = :site AND gathered_at <= :since")
                                  .bind("now", at).bind("site", siteName).bind("since", Timestamp.from(now.minus(EVERY))).execute() == 1
                          || database.dialect().insertUnlessTaken(h, "INSERT INTO mail_site (site, gathered_at) VALUES (:site, :now)", "site",
                                                                  insert -> insert.bind("site", siteName).bind("now", at)) == 1;
        if (!claimed) {
            return;
        }
        record Note(long id, String event, long backlink) {
        }
        List<Note> notes = h.createQuery("SELECT id, event, mention_id FROM mail_event WHERE site = :site ORDER BY id")
                .bind("site", siteName)
                .map((rs, ctx) -> new Note(rs.getLong("id"), rs.getString("event"), rs.getLong("mention_id")))
                .list();
        if (notes.isEmpty()) {
            return;
        }
        h.createUpdate("DELETE FROM mail_event WHERE site = :site AND id <= :last").bind("site", siteName)
                .bind("last", notes.get(notes.size() - 1).id()).execute();
        Optional<Site> site = sites.byName(siteName);
        if (site.isEmpty()) {
            return; // deleted meanwhile
        }
        MailChoices.SiteChoices chosen = choices.of(h, siteName);
        for (MailChoices.Event event : List.of(MailChoices.Event.HELD, MailChoices.Event.NEW)) {
            List<Long> ids = notes.stream().filter(n -> n.event().equals(event.id())).map(Note::backlink).distinct().toList();
            // what is still so: a backlink approved meanwhile no longer waits
            List<Backlink> still = current(h, ids).stream().filter(b -> event == MailChoices.Event.HELD
                    ? b.status() == ModerationStatus.PENDING && b.check() == CheckState.VERIFIED
                    : b.status() == ModerationStatus.APPROVED).toList();
            if (still.isEmpty()) {
                continue;
            }
            for (Letters.Recipient to : recipients(chosen, event)) {
                Letter letter = letters.gathered(event.id(), site.get(), to, still.subList(0, Math.min(Letters.LISTED, still.size())),
                                                 still.size());
                mailbox.queue(h, letter, event.id() + ":" + siteName + ":" + notes.get(0).id() + ":" + to.address());
            }
        }
    }

    /** Who hears of this event on a site: the owner and the admin, once each address (the admin's links then act as the admin). */
    private List<Letters.Recipient> recipients(MailChoices.SiteChoices chosen, MailChoices.Event event) {
        Map<String, Letters.Recipient> to = new LinkedHashMap<>();
        if (!admin.isEmpty() && chosen.admin().contains(event)) {
            to.put(admin, new Letters.Recipient(admin, MailChoices.Person.ADMIN));
        }
        if (chosen.ownerAddress() != null && chosen.owner().contains(event)) {
            to.putIfAbsent(chosen.ownerAddress(), new Letters.Recipient(chosen.ownerAddress(), MailChoices.Person.OWNER));
        }
        return List.copyOf(to.values());
    }

    private static List<Backlink> current(Handle h, List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return h.createQuery(BacklinkRows.SELECT + "WHERE id IN (<ids>) ORDER BY received_at DESC, id DESC")
                .bindList("ids", ids)
                .map(BacklinkRows::readable)
                .list().stream().filter(Objects::nonNull).toList();
    }

    /** Today's digests, once the day's digest time has come: each person's once (the dedupe key), sites that had something. */
    private void digests(Instant now) {
        LocalDate today = now.atOffset(ZoneOffset.UTC).toLocalDate();
        Instant at = today.atTime(digestAt).toInstant(ZoneOffset.UTC);
        if (now.isBefore(at) || today.equals(digestsMade)) {
            return;
        }
        if (database.read(h -> h.createQuery("SELECT COUNT(*) FROM mail_digest WHERE day = :day").bind("day", today.toString())
                .mapTo(Integer.class).one()) > 0) {
            digestsMade = today; // made by another process, or before a restart
            return;
        }
        Instant from = at.minus(Duration.ofDays(1));
        Map<String, MailChoices.SiteChoices> chosen = choices.all();
        // each site's day read once, for its owner and for the admin alike; quiet days are left out
        Map<Site, Letters.SiteDay> days = new LinkedHashMap<>();
        database.read(h -> {
            for (Site site : sites.all()) {
                MailChoices.SiteChoices c = chosen.getOrDefault(site.name(), MailChoices.NONE_CHOSEN);
                boolean wanted = !admin.isEmpty() && c.admin().contains(MailChoices.Event.DIGEST)
                                 || c.ownerAddress() != null && c.owner().contains(MailChoices.Event.DIGEST);
                Letters.SiteDay day = wanted ? day(h, site, from, at) : null;
                if (day != null && !day.quiet()) {
                    days.put(site, day);
                }
            }
            return null;
        });
        List<Map.Entry<String, Letter>> digests = new ArrayList<>(); // dedupe key, email
        List<Letters.SiteDay> admins = days.values().stream()
                .filter(day -> chosen.getOrDefault(day.site().name(), MailChoices.NONE_CHOSEN).admin().contains(MailChoices.Event.DIGEST))
                .toList();
        if (!admin.isEmpty() && !admins.isEmpty()) {
            Set<String> languages = admins.stream().map(day -> letters.words(day.site()).tag()).collect(Collectors.toSet());
            // the sites' language when they share one, else English
            Messages words = languages.size() == 1 ? letters.words(admins.get(0).site()) : letters.english();
            digests.add(Map.entry("digest:" + today + ":admin:" + admin,
                                  letters.digest(new Letters.Recipient(admin, MailChoices.Person.ADMIN), admins, words, at)));
        }
        days.values().forEach(day -> {
            MailChoices.SiteChoices c = chosen.getOrDefault(day.site().name(), MailChoices.NONE_CHOSEN);
            if (c.ownerAddress() != null && c.owner().contains(MailChoices.Event.DIGEST)) {
                digests.add(Map.entry("digest:" + today + ":" + day.site().name() + ":" + c.ownerAddress(),
                                      letters.digest(new Letters.Recipient(c.ownerAddress(), MailChoices.Person.OWNER), List.of(day),
                                                     letters.words(day.site()), at)));
            }
        });
        // the day's mark and all its digests in one unit of work: made once, by one process, even when there were none
        database.useTransaction(h -> {
            if (database.dialect().insertUnlessTaken(h, "INSERT INTO mail_digest (day, made_at) VALUES (:day, :now)", "day",
                                                     insert -> insert.bind("day", today.toString()).bind("now", Timestamp.from(now))) == 1) {
                digests.forEach(digest -> mailbox.queue(h, digest.getValue(), digest.getKey()));
            }
        });
        digestsMade = today;
        LOG.fine(() -> "digests of " + today + " made");
    }

    /** A site's day: new public backlinks by type, what waits for review, the top sources, the spam caught. */
    private static Letters.SiteDay day(Handle h, Site site, Instant from, Instant to) {
        String window = "site = :site AND received_at >= :from AND received_at < :to";
        Map<String, Integer> byType = new HashMap<>();
        h.createQuery("SELECT interaction, COUNT(*) AS n FROM mention WHERE " + window + " AND status = 'approved' GROUP BY interaction")
                .bind("site", site.name()).bind("from", Timestamp.from(from)).bind("to", Timestamp.from(to))
                .map((rs, ctx) -> Map.entry(rs.getString("interaction") == null ? "mention" : rs.getString("interaction"), rs.getInt("n")))
                .forEach(e -> byType.merge(e.getKey(), e.getValue(), Integer::sum));
        Map<String, Integer> counts = new LinkedHashMap<>();
        TYPES.stream().filter(byType::containsKey).forEach(type -> counts.put(type, byType.get(type)));
        int heldTotal = h.createQuery("SELECT COUNT(*) FROM mention WHERE site = :site AND status = 'pending' AND verification = 'verified'")
                .bind("site", site.name()).mapTo(Integer.class).one();
        List<Backlink> held = heldTotal == 0 ? List.of()
                : h.createQuery(BacklinkRows.SELECT + "WHERE site = :site AND status = 'pending' AND verification = 'verified' "
                                + "ORDER BY received_at DESC, id DESC FETCH FIRST " + DIGEST_HELD + " ROWS ONLY")
                        .bind("site", site.name()).map(BacklinkRows::readable).list().stream().filter(Objects::nonNull).toList();
        List<Map.Entry<String, Integer>> sources = new ArrayList<>(
                h.createQuery("SELECT source_host, COUNT(*) AS n FROM mention WHERE " + window + " AND status = 'approved' "
                              + "GROUP BY source_host ORDER BY n DESC, source_host FETCH FIRST " + TOP_SOURCES + " ROWS ONLY")
                        .bind("site", site.name()).bind("from", Timestamp.from(from)).bind("to", Timestamp.from(to))
                        .map((rs, ctx) -> Map.entry(rs.getString("source_host"), rs.getInt("n"))).list());
        int spam = h.createQuery("SELECT COUNT(*) FROM mention WHERE " + window + " AND status = 'spam'")
                .bind("site", site.name()).bind("from", Timestamp.from(from)).bind("to", Timestamp.from(to))
                .mapTo(Integer.class).one();
        return new Letters.SiteDay(site, counts, held, heldTotal, sources, spam);
    }

    @Override
    public void close() {
        task.close();
    }
}
