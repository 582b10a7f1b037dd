package org.linkback.spam;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jdbi.v3.core.Handle;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import org.linkback.backlink.Backlink;
import org.linkback.backlink.BacklinkListener;
import org.linkback.backlink.ModerationStatus;
import org.linkback.mf2.Interaction;
import org.linkback.store.Database;

/**
 * The learned filter's memory, in the database: how often each token was in a spam and in a ham
 * example ({@code spam_token}), per site and for all sites together (scope ''), and how many
 * examples each has seen ({@code spam_examples}). It learns from moderators, as a listener of
 * the one write path, in the decision's own unit of work: a backlink set to {@code spam} is a
 * spam example, one set to {@code approved} (also out of the spam list) a ham example; a
 * decision changed or undone un-learns exactly what it taught ({@code spam_training} keeps the
 * tokens each backlink was learned with). Blocks made by followed lists teach nothing: they are
 * not a person's judgement of the page. Training is a few hundred counter updates, never a scan.
 *
 * <p>The tokens of a backlink are those its check read ({@code spam_sample}, with the page's
 * links and anchors), or, for one stored before, what its stored fields say.
 */
public final class LearnedSpam implements BacklinkListener {

    /** The scope of the model every site shares. */
    static final String GLOBAL = "";

    /** How much a model has seen. */
    public record Examples(long spam, long ham) {
    }

    private final Database database;
    private final int minExamples;
    private final Cache<String, Examples> recentExamples = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(1))
            .maximumSize(100_000).build();

    /** @param minExamples the model says nothing before it has seen this many examples of each kind */
    public LearnedSpam(Database database, int minExamples) {
        this.database = database;
        this.minExamples = minExamples;
    }

    public int minExamples() {
        return minExamples;
    }

    /** Tokens of a page's links: what its stored fields cannot give again (its words they can). */
    private static final List<String> LINK_TOKENS = List.of("links:", "anchor:", "linkdomain:", "url:");
    /** The most a backlink keeps of them (a million backlinks: a few hundred megabytes at most). */
    private static final int MAX_SAMPLE = 2_000;

    /**
     * What a check read of a backlink's page links, kept in the check's unit of work for when a
     * moderator decides (its words come back from the stored title, excerpt and author).
     */
    void remember(Handle h, long backlinkId, Set<String> tokens) {
        Set<String> links = new LinkedHashSet<>();
        tokens.stream().filter(LearnedSpam::isLinkToken).forEach(links::add);
        if (links.isEmpty()) {
            return;
        }
        String joined = joined(links, MAX_SAMPLE);
        if (h.createUpdate("UPDATE spam_sample SET tokens = :tokens WHERE mention_id = :id").bind("id", backlinkId)
                    .bind("tokens", joined).execute() == 0) {
            database.dialect().insertUnlessTaken(h, "INSERT INTO spam_sample (mention_id, tokens) VALUES (:id, :tokens)", "mention_id",
                                                 insert -> insert.bind("id", backlinkId).bind("tokens", joined));
        }
    }

    /**
     * What the model of this site (or, while that has seen too little, of all sites) makes of a
     * page's tokens; empty before either has seen enough examples of both kinds.
     */
    public Optional<LearnedFilter.Verdict> verdict(String site, Set<String> tokens) {
        if (tokens.isEmpty()) {
            return Optional.empty();
        }
        for (String scope : site == null ? List.of(GLOBAL) : List.of(site, GLOBAL)) {
            // how much a model has seen changes only with a moderator's decision: read at most once a second per scope
            Examples seen = recentExamples.get(scope, s -> database.read(h -> examples(h, s)));
            if (seen.spam() >= minExamples && seen.ham() >= minExamples) {
                return Optional.of(database.read(h -> LearnedFilter.classify(tokens, seen.spam(), seen.ham(), counts(h, scope, tokens))));
            }
        }
        return Optional.empty();
    }

    /** How many examples the model of a site (or, null, of all sites) has seen. */
    public Examples examples(String site) {
        return database.read(h -> examples(h, site == null ? GLOBAL : site));
    }

    @Override
    public void changed(Handle h, Change change) {
        if (change.operation() == Operation.CHECK_PASSED && change.found() != null && change.after().isPresent()) {
            remember(h, change.after().get().id(), change.found().tokens());
            return;
        }
        if (change.operation() != Operation.MODERATED || change.after().isEmpty() || change.before().isEmpty()
            || (change.actor() != null && change.actor().startsWith("list:"))) {
            return;
        }
        Backlink now = change.after().get();
        if (change.before().get().status() == now.status()) {
            return;
        }
        // an unblock giving back an old status un-learns what the block taught, and teaches nothing new
        String label = change.undo() ? null
                : now.status() == ModerationStatus.SPAM ? "spam" : now.status() == ModerationStatus.APPROVED ? "ham" : null;
        Optional<Training> taught = h.createQuery("SELECT label, site, tokens FROM spam_training WHERE mention_id = :id")
                .bind("id", now.id())
                .map((rs, ctx) -> new Training(rs.getString("label"), rs.getString("site"), split(rs.getString("tokens"))))
                .findOne();
        if (taught.isPresent() && taught.get().label().equals(label)) {
            return;
        }
        h.afterCommit(recentExamples::invalidateAll); // this process sees the new counts at once, others within a second
        taught.ifPresent(before -> {
            count(h, before.site(), before.label(), before.tokens(), -1);
            h.createUpdate("DELETE FROM spam_training WHERE mention_id = :id").bind("id", now.id()).execute();
        });
        if (label != null) {
            Set<String> tokens = split(joined(tokensOf(h, now), 32_000)); // exactly what is kept, so un-learning takes back all of it
            count(h, now.site(), label, tokens, +1);
            h.createUpdate("INSERT INTO spam_training (mention_id, label, site, tokens) VALUES (:id, :label, :site, :tokens)")
                    .bind("id", now.id()).bind("label", label).bind("site", now.site()).bind("tokens", joined(tokens, 32_000)).execute();
        }
    }

    private record Training(String label, String site, Set<String> tokens) {
    }

    private static boolean isLinkToken(String token) {
        return LINK_TOKENS.stream().anyMatch(token::startsWith);
    }

    /** What its stored fields say, with what its check read of its page's links (a backlink stored before: none). */
    private static Set<String> tokensOf(Handle h, Backlink b) {
        Optional<Set<String>> links = h.createQuery("SELECT tokens FROM spam_sample WHERE mention_id = :id").bind("id", b.id())
                .mapTo(String.class).findOne().map(LearnedSpam::split);
        Set<String> tokens = new LinkedHashSet<>(LearnedFilter.tokens(sample(b)));
        if (links.isPresent()) {
            tokens.removeIf(LearnedSpam::isLinkToken); // the stored fields have no links: the check's count is the true one
            tokens.addAll(links.get());
        }
        return tokens;
    }

    /** A stored backlink as the filter reads it (without its page: no links). */
    static LearnedFilter.Sample sample(Backlink b) {
        return sample(new Backlink.Details(b.title(), b.excerpt(), b.author()), b.interaction(), b.sourceHost(), null);
    }

    /**
     * A backlink as the filter reads it, the one way for a check (with its page) and for a
     * decision (from what was stored): its title, text, author, host, and the page's links with
     * their anchor texts (at most 200).
     *
     * @param sourceHost the canonical host ({@link Backlink#hostOf})
     */
    public static LearnedFilter.Sample sample(Backlink.Details details, Interaction interaction, String sourceHost, Document page) {
        List<String> urls = new ArrayList<>();
        List<String> anchors = new ArrayList<>();
        if (page != null) {
            for (Element a : page.select("a[href]")) {
                if (urls.size() >= 200) {
                    break;
                }
                urls.add(a.absUrl("href").isEmpty() ? a.attr("href") : a.absUrl("href"));
                anchors.add(a.text());
            }
        }
        String text = String.join("\n", nonNull(details.excerpt(), interaction.contentText()));
        String author = String.join(" ", nonNull(details.author(), interaction.author().name()));
        return new LearnedFilter.Sample(details.title(), text, author, sourceHost, urls, anchors);
    }

    private static List<String> nonNull(String... values) {
        return Arrays.stream(values).filter(v -> v != null && !v.isBlank()).distinct().toList();
    }

    /** Adds {@code by} (1 or -1) to the counts of the tokens and the examples, in the site's scope and the global one. */
    private void count(Handle h, String site, String label, Collection<String> tokens, int by) {
        // the shared scope first, in every unit of work: two decisions on different sites never wait for each other in a circle
        for (String scope : site == null || site.equals(GLOBAL) ? List.of(GLOBAL) : List.of(GLOBAL, site)) {
            String column = label.equals("spam") ? "spam" : "ham";
            if (h.createUpdate("UPDATE spam_examples SET " + column + " = " + column + " + :by WHERE scope = :scope")
                        .bind("by", by).bind("scope", scope).execute() == 0 && by > 0) {
                database.dialect().insertUnlessTaken(h, "INSERT INTO spam_examples (scope, spam, ham) VALUES (:scope, 0, 0)", "scope",
                                                     insert -> insert.bind("scope", scope));
                h.createUpdate("UPDATE spam_examples SET " + column + " = " + column + " + 1 WHERE scope = :scope").bind("scope", scope)
                        .execute();
            }
            var update = h.prepareBatch("UPDATE spam_token SET " + column + " = CASE WHEN " + column + " + :by < 0 THEN 0 ELSE "
                                        + column + " + :by END WHERE scope = :scope AND token = :token");
            List<String> list = new ArrayList<>(tokens);
            for (String token : list) {
                update.bind("by", by).bind("scope", scope).bind("token", token).add();
            }
            int[] changed = list.isEmpty() ? new int[0] : update.execute();
            for (int i = 0; i < changed.length && by > 0; i++) {
                if (changed[i] == 0) {
                    String token = list.get(i);
                    if (database.dialect().insertUnlessTaken(h, "INSERT INTO spam_token (scope, token, spam, ham) VALUES (:scope, :token, :spam, :ham)",
                                                             "scope, token", insert -> insert.bind("scope", scope).bind("token", token)
                                                                     .bind("spam", column.equals("spam") ? 1 : 0)
                                                                     .bind("ham", column.equals("ham") ? 1 : 0)) == 0) {
                        h.createUpdate("UPDATE spam_token SET " + column + " = " + column + " + 1 WHERE scope = :scope AND token = :token")
                                .bind("scope", scope).bind("token", token).execute();
                    }
                }
            }
        }
    }

    private static Examples examples(Handle h, String scope) {
        return h.createQuery("SELECT spam, ham FROM spam_examples WHERE scope = :scope").bind("scope", scope)
                .map((rs, ctx) -> new Examples(rs.getLong("spam"), rs.getLong("ham"))).findOne().orElse(new Examples(0, 0));
    }

    private static Map<String, LearnedFilter.TokenCount> counts(Handle h, String scope, Set<String> tokens) {
        Map<String, LearnedFilter.TokenCount> counts = new HashMap<>();
        List<String> all = new ArrayList<>(tokens);
        for (int from = 0; from < all.size(); from += 500) {
            h.createQuery("SELECT token, spam, ham FROM spam_token WHERE scope = :scope AND token IN (<tokens>)")
                    .bind("scope", scope)
                    .bindList("tokens", all.subList(from, Math.min(all.size(), from + 500)))
                    .map((rs, ctx) -> Map.entry(rs.getString("token"), new LearnedFilter.TokenCount(rs.getLong("spam"), rs.getLong("ham"))))
                    .forEach(e -> counts.put(e.getKey(), e.getValue()));
        }
        return counts;
    }

    private static String joined(Set<String> tokens, int max) {
        StringBuilder text = new StringBuilder();
        for (String token : tokens) {
            if (text.length() + token.length() + 1 > max) {
                break;
            }
            text.append(token).append('\n');
        }
        return text.toString();
    }

    private static Set<String> split(String joined) {
        Set<String> tokens = new LinkedHashSet<>();
        for (String token : joined.split("\n")) {
            if (!token.isEmpty()) {
                tokens.add(token);
            }
        }
        return tokens;
    }
}
