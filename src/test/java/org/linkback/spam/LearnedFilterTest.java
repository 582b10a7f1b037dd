package org.linkback.spam;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.linkback.spam.LearnedFilter.Sample;
import org.linkback.spam.LearnedFilter.TokenCount;
import org.linkback.spam.LearnedFilter.Verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The learned filter's features and its arithmetic: a filter trained on a handful of obvious
 * examples (counted here as the database will count them) judges new ones.
 */
class LearnedFilterTest {

    private static Sample sample(String title, String text, String author, String host, List<String> links, List<String> anchors) {
        return new Sample(title, text, author, host, links, anchors);
    }

    @Test
    void tokensOfASample() {
        Set<String> tokens = LearnedFilter.tokens(sample("Best Online Casino", "Win money now, win 1000 dollars in 2026!", "Casino King",
                                                         "WWW.Loan-Offers.Example.", List.of("https://cheap.pills.example/buy/viagra?x=1",
                                                                                             "http://192.168.0.1:8080/"),
                                                         List.of("Cheap Pills")));
        assertTrue(tokens.containsAll(Set.of("title:best", "title:online", "title:casino", "title:online casino",
                                             "win", "money", "win money", "now", "dollars", "num:4",
                                             "author:casino", "author:king",
                                             "host:www.loan-offers.example", "domain:loan-offers.example",
                                             "links:2-3", "linkdomain:pills.example", "linkdomain:ip", "url:buy", "url:viagra",
                                             "anchor:cheap", "anchor:pills")), tokens.toString());
        // no field leaks into another, no one-letter word, no bare number, no pair across punctuation
        assertFalse(tokens.contains("casino"), tokens.toString());
        assertFalse(tokens.contains("x"));
        assertFalse(tokens.contains("1000"));
        assertFalse(tokens.contains("now win"));
        assertEquals(tokens.size(), Set.copyOf(tokens).size());
    }

    @Test
    void linkCountsAreBucketed() {
        int[] counts = {0, 1, 2, 3, 4, 9, 10, 500};
        String[] buckets = {"links:0", "links:1", "links:2-3", "links:2-3", "links:4-9", "links:4-9", "links:10+", "links:10+"};
        for (int i = 0; i < counts.length; i++) {
            List<String> links = java.util.stream.IntStream.range(0, counts[i]).mapToObj(n -> "https://s" + n + ".example/").toList();
            assertTrue(LearnedFilter.tokens(sample("", "", "", "", links, List.of())).contains(buckets[i]), counts[i] + " links");
        }
    }

    @Test
    void registrableDomains() {
        assertEquals("example.co.uk", LearnedFilter.domain("blog.example.co.uk"));
        assertEquals("example.com.au", LearnedFilter.domain("www.example.com.au"));
        assertEquals("alice.blogspot.com", LearnedFilter.domain("www.alice.blogspot.com"));
        assertEquals("example.de", LearnedFilter.domain("a.b.example.de"));
        assertEquals("localhost", LearnedFilter.domain("localhost"));
        assertEquals("xn--bcher-kva.example", LearnedFilter.domain(LearnedFilter.host("www.Bücher.example")));
        Set<String> tokens = LearnedFilter.tokens(sample("", "", "", "203.0.113.9", List.of(), List.of()));
        assertTrue(tokens.containsAll(Set.of("host:203.0.113.9", "domain:203.0.113.9", "host:ip")), tokens.toString());
        assertEquals("", LearnedFilter.urlHost("mailto:someone@example.com"));
        assertEquals("shop.example", LearnedFilter.urlHost("https://user:pw@shop.example:8443/a"));
    }

    @Test
    void wordsInManyLanguages() {
        Set<String> tokens = LearnedFilter.tokens(sample("Grüße aus Köln", "Привет, мир! 在线赌场 カジノで遊ぶ 온라인 카지노를 नमस्ते ＣＡＳＩＮＯ ŒUVRE", "",
                                                         "", List.of(), List.of()));
        assertTrue(tokens.containsAll(Set.of("title:grüße", "title:aus", "title:köln", "title:grüße aus",
                                             "привет", "мир",                       // Cyrillic words, lower case
                                             "在线", "线赌", "赌场",                 // Han: bigrams
                                             "カジ", "ジノ", "ノで", "で遊", "遊ぶ",  // Kana and Han run together: bigrams
                                             "온라", "라인", "카지", "지노", "노를",  // Hangul: bigrams, so 카지노 is found under its particle
                                             "नमस्ते",                              // Devanagari with its combining marks: one word
                                             "casino",                             // full-width letters folded (NFKC)
                                             "œuvre")), tokens.toString());
    }

    @Test
    void atMostAThousandTokensOfAtMostAHundredCharacters() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            text.append("word").append(letters(i)).append(' ');
        }
        String longHost = "a".repeat(60) + "." + "b".repeat(60) + ".example";
        Set<String> tokens = LearnedFilter.tokens(sample("A title", text.toString(), "Someone", longHost, List.of(), List.of()));
        assertEquals(1_000, tokens.size());
        assertTrue(tokens.stream().allMatch(t -> t.length() <= 100));
        // the fixed features come first: a long text does not push them out
        assertTrue(tokens.contains("title:title") && tokens.contains("author:someone") && tokens.contains("links:0"));
        assertTrue(tokens.contains(("host:" + longHost).substring(0, 100)));
        // one word longer than 40 characters is bucketed, not kept
        assertTrue(LearnedFilter.tokens(sample("", "x".repeat(55), "", "", List.of(), List.of())).contains("long:50"));
    }

    /** i in base 26, as letters. */
    private static String letters(int i) {
        StringBuilder s = new StringBuilder();
        do {
            s.append((char) ('a' + i % 26));
            i /= 26;
        } while (i > 0);
        return s.toString();
    }

    @Test
    void untrainedOrUnknownIsHalf() {
        Set<String> tokens = LearnedFilter.tokens(sample("Cheap casino", "", "", "casino.example", List.of(), List.of()));
        assertEquals(new Verdict(0.5, List.of()), LearnedFilter.classify(tokens, 0, 0, Map.of()));
        assertEquals(new Verdict(0.5, List.of()), LearnedFilter.classify(tokens, 10, 0, Map.of("title:casino", new TokenCount(10, 0))));
        assertEquals(new Verdict(0.5, List.of()), LearnedFilter.classify(tokens, 10, 10, Map.of()));
        // a token seen as often in spam as in ham is no clue
        assertEquals(new Verdict(0.5, List.of()), LearnedFilter.classify(tokens, 10, 10, Map.of("title:casino", new TokenCount(5, 5))));
        assertEquals(new Verdict(0.5, List.of()), LearnedFilter.classify(Set.of(), 10, 10, Map.of()));
    }

    @Test
    void robinsonAndFisherArithmetic() {
        // seen once, in spam only, with as many spam as ham examples: (0.5 + 1·1) / (1 + 1)
        assertEquals(0.75, LearnedFilter.probability(new TokenCount(1, 0), 10, 10), 1e-12);
        // p(w) uses the ratios: 10 of 100 spam against 10 of 1,000 ham is 10/11, pulled by s = 1 over n = 20
        assertEquals((0.5 + 20 * (10.0 / 11)) / 21, LearnedFilter.probability(new TokenCount(10, 10), 100, 1_000), 1e-12);
        // chi-square survival for 2 degrees of freedom is e^(-x/2)
        assertEquals(Math.exp(-3), LearnedFilter.chi2Q(6, 2), 1e-12);
        assertEquals(1.0, LearnedFilter.chi2Q(0, 10));
        // for 4: e^(-m)(1 + m)
        assertEquals(Math.exp(-2) * 3, LearnedFilter.chi2Q(4, 4), 1e-12);
        // no underflow: 150 very strong spam clues make p 1, not NaN
        Map<String, TokenCount> counts = new HashMap<>();
        Set<String> many = new java.util.HashSet<>();
        for (int i = 0; i < 400; i++) {
            counts.put("w" + i, new TokenCount(1_000_000, 0));
            many.add("w" + i);
        }
        Verdict verdict = LearnedFilter.classify(many, 1_000_000, 1_000_000, counts);
        assertEquals(1.0, verdict.probability(), 1e-9);
        assertEquals(3, verdict.strongest().size());
        // as many strong ham clues as spam clues (150 in all, so all are used) leave it undecided
        Map<String, TokenCount> both = new HashMap<>();
        for (int i = 0; i < 75; i++) {
            both.put("s" + i, new TokenCount(1_000_000, 0));
            both.put("h" + i, new TokenCount(0, 1_000_000));
        }
        assertEquals(0.5, LearnedFilter.classify(both.keySet(), 1_000_000, 1_000_000, both).probability(), 1e-9);
    }

    private static final List<Sample> SPAM = List.of(
            sample("Best online casino bonus", "Play casino games and win real money. Free spins bonus today.", "Casino Bonus",
                   "casino-bonus.example", List.of("https://casino-bonus.example/play", "https://slots.example/free-spins",
                                                   "https://loan-offers.example/"), List.of("online casino", "free spins")),
            sample("Cheap payday loans online", "Get cheap payday loans fast. Bad credit ok. Apply online now and win.", "Loan Expert",
                   "loan-offers.example", List.of("https://loan-offers.example/apply", "https://casino-bonus.example/"),
                   List.of("payday loans", "cheap loans")),
            sample("Casino slots: free spins", "Free spins on casino slots, real money wins, bonus codes.", "Slots Master",
                   "www.slots.example", List.of("https://slots.example/", "https://casino-bonus.example/bonus",
                                                "https://loan-offers.example/"), List.of("casino", "bonus codes")),
            sample("Instant loans and casino bonus", "Instant cash loans, casino bonus, cheap money online.", "Money Maker",
                   "cash.loan-offers.example", List.of("https://loan-offers.example/instant", "https://slots.example/"),
                   List.of("instant loans", "casino bonus")));

    private static final List<Sample> HAM = List.of(
            sample("Re: Why people keep re-defecting", "Luke asks why people keep re-defecting to North Korea. I think it is family.",
                   "Anna Berg", "anna.example", List.of("https://blog.example.com/2012/11/re-defecting/"), List.of("asks")),
            sample("Notes on sourdough baking", "My starter doubled overnight; the bread had an open crumb. Thanks for the recipe.",
                   "Tom Baker", "bakery-notes.example", List.of("https://blog.example.com/sourdough/"), List.of("the recipe")),
            sample("A reply about Java records", "Records make data classes short. Your post on sealed types was helpful, thanks.",
                   "Jo Coder", "code.example", List.of("https://blog.example.com/records/"), List.of("your post")),
            sample("Weekend hike in the Alps", "We followed your route to the hut; the family loved the view. Thanks for writing it up.",
                   "Mia Walker", "hiking.example", List.of("https://blog.example.com/alps/"), List.of("your route")),
            sample("Thoughts on the North Korea post", "A thoughtful post about family and borders; I linked it from mine.",
                   "Sam Lee", "sam.example", List.of("https://blog.example.com/2012/11/re-defecting/"), List.of("a thoughtful post")));

    @Test
    void aFilterTrainedOnAFewExamplesJudgesNewOnes() {
        Map<String, long[]> counting = new HashMap<>();
        for (Sample spam : SPAM) {
            LearnedFilter.tokens(spam).forEach(t -> counting.computeIfAbsent(t, k -> new long[2])[0]++);
        }
        for (Sample ham : HAM) {
            LearnedFilter.tokens(ham).forEach(t -> counting.computeIfAbsent(t, k -> new long[2])[1]++);
        }
        Map<String, TokenCount> counts = new HashMap<>();
        counting.forEach((token, c) -> counts.put(token, new TokenCount(c[0], c[1])));

        Verdict spam = LearnedFilter.classify(LearnedFilter.tokens(sample(
                "Free casino bonus", "Casino bonus: free spins, real money, cheap loans.", "Bonus King", "spin.casino-bonus.example",
                List.of("https://casino-bonus.example/new", "https://loan-offers.example/"), List.of("casino bonus"))),
                                              SPAM.size(), HAM.size(), counts);
        assertTrue(spam.probability() > 0.9, spam.toString());
        // the strongest spam-side clues, as a person reads them: seen in all 4 spam and no ham, then in 3 (ties by token)
        assertEquals(List.of("loan-offers.example", "2-3 links", "casino"), spam.strongest(), spam.toString());

        Verdict ham = LearnedFilter.classify(LearnedFilter.tokens(sample(
                "Re: North Korea", "Thanks for the post about family; I think your route to the topic was thoughtful.", "Ella Stone",
                "ella.example", List.of("https://blog.example.com/2012/11/re-defecting/"), List.of("the post"))),
                                             SPAM.size(), HAM.size(), counts);
        assertTrue(ham.probability() < 0.1, ham.toString());
    }

    @Test
    void strongestReadsAsAPersonWould() {
        assertEquals("casino", LearnedFilter.readable("title:casino"));
        assertEquals("loan-offers.example", LearnedFilter.readable("domain:loan-offers.example"));
        assertEquals("loan-offers.example", LearnedFilter.readable("linkdomain:loan-offers.example"));
        assertEquals("cheap pills", LearnedFilter.readable("anchor:cheap pills"));
        assertEquals("10+ links", LearnedFilter.readable("links:10+"));
        assertEquals("money", LearnedFilter.readable("money"));
    }
}
