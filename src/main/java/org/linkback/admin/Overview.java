package org.linkback.admin;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jdbi.v3.core.Handle;

import org.linkback.config.Site;
import org.linkback.config.Sites;
import org.linkback.store.Database;

/**
 * The admin's first screen in numbers: for one site (or all) and the last N days, pings per
 * day by outcome (accepted, held, spam, refused), the source hosts that sent most, the spam
 * share, the check queue's depth and oldest job, and refusals by cause. Read from the audit
 * log (so within its retention) and the tables themselves; days are UTC.
 */
final class Overview {

    /** One day's pings by outcome. */
    record Day(LocalDate date, long accepted, long held, long spam, long refused) {
    }

    record Host(String host, long backlinks) {
    }

    record Numbers(String site, List<String> sites, int days, List<Day> perDay, List<Host> topSourceHosts, double spamShare,
                   long queueDepth, Long oldestJobAgeSeconds, Map<String, Long> refusedByCause) {
    }

    private final Database database;
    private final Sites sites;

    Overview(Database database, Sites sites) {
        this.database = database;
        this.sites = sites;
    }

    /**
     * The numbers of the last {@code days} days for the site of that name (all sites when null);
     * empty for an unknown site. {@code sites} lists every site for the admin, only its own for an owner.
     */
    Optional<Numbers> of(String siteName, int days, Access who) {
        if (siteName == null) {
            return Optional.of(of(Optional.empty(), days, who));
        }
        return sites.byName(siteName).map(site -> of(Optional.of(site), days, who));
    }

    private Numbers of(Optional<Site> site, int days, Access who) {
        Instant now = Instant.now();
        LocalDate first = now.atOffset(ZoneOffset.UTC).toLocalDate().minusDays(days - 1L);
        Timestamp since = Timestamp.from(first.atStartOfDay().toInstant(ZoneOffset.UTC));
        return database.read(h -> {
            Map<LocalDate, long[]> byDay = new TreeMap<>();
            for (LocalDate d = first; !d.isAfter(first.plusDays(days - 1L)); d = d.plusDays(1)) {
                byDay.put(d, new long[4]);
            }
            Map<String, Long> refusals = new LinkedHashMap<>();
            h.createQuery("SELECT happened_at, action, new_status, reason FROM audit WHERE happened_at >= :since "
                          + "AND action IN ('ping.accepted', 'check.accepted', 'ping.refused')"
                          + site.map(s -> " AND site = :site").orElse(""))
                    .bind("since", since)
                    .bindMap(site.map(s -> Map.<String, Object>of("site", s.name())).orElse(Map.of()))
                    .map((rs, ctx) -> new Object[] {rs.getTimestamp("happened_at").toInstant(), rs.getString("action"),
                                                    rs.getString("new_status"), rs.getString("reason")})
                    .forEach(row -> {
                        LocalDate day = ((Instant) row[0]).atOffset(ZoneOffset.UTC).toLocalDate();
                        long[] counts = byDay.get(day);
                        if (counts == null) {
                            return;
                        }
                        if ("ping.refused".equals(row[1])) {
                            counts[3]++;
                            refusals.merge(row[3] == null ? "other" : (String) row[3], 1L, Long::sum);
                        } else {
                            switch (String.valueOf(row[2])) {
                                case "approved" -> counts[0]++;
                                case "spam" -> counts[2]++;
                                default -> counts[1]++;
                            }
                        }
                    });
            List<Day> perDay = new ArrayList<>();
            byDay.forEach((day, c) -> perDay.add(new Day(day, c[0], c[1], c[2], c[3])));
            long stored = perDay.stream().mapToLong(d -> d.accepted() + d.held() + d.spam()).sum();
            long spam = perDay.stream().mapToLong(Day::spam).sum();
            List<String> names = who.admin() ? sites.all().stream().map(Site::name).sorted().toList() : List.of(who.site());
            Queue queue = queue(h, site, now);
            return new Numbers(site.map(Site::name).orElse(null), names, days, perDay, topHosts(h, site, since),
                               stored == 0 ? 0 : (double) spam / stored, queue.depth(), queue.oldestJobAgeSeconds(), refusals);
        });
    }

    private static List<Host> topHosts(Handle h, Optional<Site> site, Timestamp since) {
        var query = h.createQuery("SELECT source_host, COUNT(*) AS n FROM mention WHERE received_at >= :since"
                                  + site.map(s -> " AND site = :site").orElse("")
                                  + " GROUP BY source_host ORDER BY n DESC, source_host FETCH FIRST 10 ROWS ONLY")
                .bind("since", since);
        site.ifPresent(s -> query.bind("site", s.name()));
        return query.map((rs, ctx) -> new Host(rs.getString("source_host"), rs.getLong("n"))).list();
    }

    /** The check queue's depth and its oldest job's age: of every job, or of one site's backlinks' jobs. */
    private record Queue(long depth, Long oldestJobAgeSeconds) {
    }

    private static Queue queue(Handle h, Optional<Site> site, Instant now) {
        // read from the queue (short), each job's backlink found by its key: not every backlink of the site
        var query = h.createQuery("SELECT COUNT(*) AS depth, MIN(j.requested_at) AS oldest FROM verify_job j"
                                  + site.map(s -> " WHERE EXISTS (SELECT 1 FROM mention m WHERE m.id = j.mention_id AND m.site = :site)")
                                          .orElse(""));
        site.ifPresent(s -> query.bind("site", s.name()));
        return query.map((rs, ctx) -> new Queue(rs.getLong("depth"), rs.getTimestamp("oldest") == null ? null
                : Duration.between(rs.getTimestamp("oldest").toInstant(), now).toSeconds())).one();
    }

    /** As the admin API writes it. */
    static Map<String, Object> json(Numbers n) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("site", n.site());
        json.put("sites", n.sites());
        json.put("days", n.days());
        json.put("perDay", n.perDay().stream().map(d -> Map.of("date", d.date().toString(), "accepted", d.accepted(), "held", d.held(),
                                                                 "spam", d.spam(), "refused", d.refused())).toList());
        json.put("topSourceHosts", n.topSourceHosts().stream().map(t -> Map.of("host", t.host(), "backlinks", t.backlinks())).toList());
        json.put("spamShare", Math.round(n.spamShare() * 1000) / 1000.0);
        Map<String, Object> queue = new LinkedHashMap<>();
        queue.put("depth", n.queueDepth());
        queue.put("oldestJobAgeSeconds", n.oldestJobAgeSeconds());
        json.put("queue", queue);
        json.put("refusedByCause", n.refusedByCause());
        json.put("since", n.perDay().getFirst().date().atStartOfDay().toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
        return json;
    }
}
