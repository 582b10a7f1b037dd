package org.linkback.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.linkback.backlink.Assessment;
import org.linkback.backlink.Backlink;
import org.linkback.backlink.BacklinkState;
import org.linkback.backlink.Backlinks;
import org.linkback.backlink.CheckState;
import org.linkback.backlink.Kind;
import org.linkback.backlink.ModerationStatus;
import org.linkback.store.Database;
import org.linkback.testing.TestBacklinks;

/**
 * Writes approved backlinks straight through the store, in batches: the data a scale benchmark
 * needs in seconds instead of hours of pings. Backlink {@code i} links to article
 * {@code i % articles}, received one minute after backlink {@code i - 1}.
 */
final class Loader {

    private static final int BATCH = 5_000;

    private Loader() {
    }

    /** The URL of article {@code n} under the site's base URL. */
    static String article(String baseUrl, int n) {
        return baseUrl + "posts/" + n;
    }

    static void load(Database database, String site, String baseUrl, int backlinks, int articles) {
        Backlinks store = TestBacklinks.on(database);
        Instant start = Instant.now().minusSeconds(60L * backlinks);
        for (int from = 0; from < backlinks; from += BATCH) {
            List<Backlinks.Loaded> rows = new ArrayList<>(BATCH);
            for (int i = from; i < Math.min(backlinks, from + BATCH); i++) {
                Kind kind = Kind.values()[i % 3];
                String source = "https://blog" + (i % 5_000) + ".example/" + i + "/a-post-about-things";
                var details = new Backlink.Details("A post about things, number " + i,
                                                  "Some words from the linking page, an excerpt of about two hundred characters or so, "
                                                  + "as a feed reader would show it under the title of the backlink. Number " + i + ".",
                                                  "Blogger " + (i % 5_000));
                rows.add(new Backlinks.Loaded(kind, source, article(baseUrl, i % articles), site,
                                                                            new BacklinkState(ModerationStatus.APPROVED, CheckState.VERIFIED), details, Assessment.CLEAN,
                                                                            "192.0.2." + (i % 250),
                                                start.plusSeconds(60L * i)));
            }
            database.useTransaction(h -> store.loaded(h, rows));
        }
    }
}
