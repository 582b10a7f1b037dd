package org.linkback.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jdbi.v3.core.statement.PreparedBatch;

import org.linkback.backlink.Assessment;
import org.linkback.backlink.Backlink;
import org.linkback.backlink.BacklinkState;
import org.linkback.backlink.Backlinks;
import org.linkback.backlink.CheckState;
import org.linkback.backlink.Kind;
import org.linkback.backlink.ModerationStatus;
import org.linkback.config.Site;
import org.linkback.config.Sites;
import org.linkback.site.OwnerTokens;
import org.linkback.store.Database;
import org.linkback.testing.TestBacklinks;

/**
 * Many sites on one server: S sites and a million backlinks, of which the owner's site always has
 * the same 10,000 (the rest spread over the other sites). Measures what must not grow with the
 * number of sites: finding a target's site (in this JVM, a million look-ups), a ping's answer
 * (a webmention to an article of a random site, through the real server), and the owner's
 * backlink list (first page, and a page deep in it) and overview, with the owner's token.
 */
final class SitesBench {

    private static final int BACKLINKS = 1_000_000;
    private static final int OWNERS_BACKLINKS = 10_000;
    private static final int BATCH = 5_000;

    private SitesBench() {
    }

    static void run(List<Integer> siteCounts) throws Exception {
        for (int sites : siteCounts) {
            runAt(sites);
        }
    }

    private static String base(int site) {
        return "https://blog" + site + ".example/";
    }

    private static void runAt(int siteCount) throws Exception {
        System.out.printf("%n== Sites: %,d sites, %,d backlinks (%,d of them the owner's)%n", siteCount, BACKLINKS, OWNERS_BACKLINKS);
        lookups(siteCount);
        Path dir = Files.createTempDirectory("linkback-bench-sites");
        long t0 = System.nanoTime();
        String token;
        try (Database database = BenchServer.database(dir)) {
            insertSites(database, siteCount);
            loadBacklinks(database, siteCount);
            OwnerTokens tokens = new OwnerTokens(database, Clock.systemUTC());
            token = database.inTransaction(h -> tokens.create(h, "site-0", "bench")).secret();
        }
        System.out.printf("  loaded in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        try (BenchServer server = BenchServer.startWith(dir, "http://configured.bench/",
                                                        "  admin:\n    token: bench-admin-token-of-at-least-32-characters\n");
             HttpClient http = HttpClient.newHttpClient()) {
            List<Double> pings = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                int site = (int) ((i * 7919L) % siteCount);
                String form = "source=" + encode("https://source" + i + ".example/reply") + "&target=" + encode(base(site) + "posts/" + i);
                double ms = time(http, HttpRequest.newBuilder(URI.create(server.url("/webmention")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), 202);
                if (i >= 100) { // the first hundred warm up
                    pings.add(ms);
                }
            }
            List<Double> firstPage = new ArrayList<>();
            List<Double> deepPage = new ArrayList<>();
            List<Double> overview = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                firstPage.add(time(http, get(server, "/admin/api/mentions?limit=50", token), 200));
                deepPage.add(time(http, get(server, "/admin/api/mentions?limit=50&cursor=" + (BACKLINKS / 2 + i), token), 200));
                overview.add(time(http, get(server, "/admin/api/overview", token), 200));
            }
            System.out.printf("  a webmention's answer (202), to a random site:   p50 %.2f ms, p99 %.2f ms%n", ScaleBench.p(pings, 50), ScaleBench.p(pings, 99));
            System.out.printf("  the owner's backlinks, first page of 50:          p50 %.2f ms%n", ScaleBench.p(firstPage, 50));
            System.out.printf("  the owner's backlinks, a page half way down:      p50 %.2f ms%n", ScaleBench.p(deepPage, 50));
            System.out.printf("  the owner's overview (30 days):                   p50 %.2f ms%n", ScaleBench.p(overview, 50));
        }
    }

    /** Finding the site of a target among {@code siteCount} sites, in this JVM. */
    private static void lookups(int siteCount) {
        List<Site> all = new ArrayList<>();
        for (int s = 0; s < siteCount; s++) {
            all.add(new Site("site-" + s, URI.create(base(s)), "Blog " + s, null));
        }
        Sites sites = new Sites(all);
        URI[] targets = new URI[1024];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = URI.create(base((int) ((i * 7919L) % siteCount)) + "posts/" + i);
        }
        int found = 0;
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) { // the best of five: the first ones warm up
            long t0 = System.nanoTime();
            for (int i = 0; i < 1_000_000; i++) {
                found += sites.siteOf(targets[i & 1023]).isPresent() ? 1 : 0;
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
        System.out.printf("  finding a target's site (Sites.siteOf):           %.0f ns each (best of 5 rounds; %d found)%n", best, found);
    }

    private static void insertSites(Database database, int siteCount) {
        Timestamp now = Timestamp.from(Instant.now());
        database.useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO site (name, base_url, title, origin, created_at, updated_at) "
                                                 + "VALUES (:name, :base, :title, 'admin', :now, :now)");
            for (int s = 0; s < siteCount; s++) {
                batch.bind("name", "site-" + s).bind("base", base(s)).bind("title", "Blog " + s).bind("now", now).add();
            }
            batch.execute();
            h.createUpdate("UPDATE site_revision SET revision = revision + 1").execute();
        });
    }

    /** Every hundredth backlink is the owner's (site-0); the others go round the other sites. */
    private static void loadBacklinks(Database database, int siteCount) {
        Backlinks store = TestBacklinks.on(database);
        Instant start = Instant.now().minusSeconds(60L * BACKLINKS);
        int others = 0;
        for (int from = 0; from < BACKLINKS; from += BATCH) {
            List<Backlinks.Loaded> rows = new ArrayList<>(BATCH);
            for (int i = from; i < from + BATCH; i++) {
                int site = i % (BACKLINKS / OWNERS_BACKLINKS) == 0 || siteCount == 1 ? 0 : 1 + others++ % (siteCount - 1);
                var details = new Backlink.Details("A post about things, number " + i, "Some words from the linking page, number " + i,
                                                  "Blogger " + (i % 5_000));
                rows.add(new Backlinks.Loaded(Kind.values()[i % 3], "https://blog" + (i % 5_000) + ".example/" + i + "/a-post",
                                              base(site) + "posts/" + (i % 1000), "site-" + site,
                                              new BacklinkState(ModerationStatus.APPROVED, CheckState.VERIFIED), details,
                                              Assessment.CLEAN, "192.0.2." + (i % 250), start.plusSeconds(60L * i)));
            }
            database.useTransaction(h -> store.loaded(h, rows));
        }
    }

    private static HttpRequest get(BenchServer server, String path, String token) {
        return HttpRequest.newBuilder(URI.create(server.url(path))).header("Authorization", "Bearer " + token).build();
    }

    private static double time(HttpClient http, HttpRequest request, int expected) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        double ms = (System.nanoTime() - t0) / 1e6;
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": "
                                            + new String(response.body(), StandardCharsets.UTF_8));
        }
        return ms;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
