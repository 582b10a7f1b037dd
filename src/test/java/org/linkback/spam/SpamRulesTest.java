package org.linkback.spam;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import org.linkback.backlink.Assessment;
import org.linkback.backlink.Backlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each spam rule on real-looking pages: a blog reply it must leave alone, and the spam it must catch.
 */
class SpamRulesTest {

    private static final URI SOURCE = URI.create("https://other.example/2026/11/a-reply/");
    private static final URI TARGET = URI.create("https://blog.example.com/2012/11/re-defecting/");
    private static final String TARGET_TITLE = "Why Do People Keep Re-Defecting To North Korea?";

    /** A normal blog post that replies to the target, the link in its article body. */
    private static final String REPLY = """
            <html><head><title>On re-defection | Other Blog</title></head><body>
            <nav><a href="/">Home</a> <a href="/about">About</a></nav>
            <article class="h-entry"><h1 class="p-name">On re-defection</h1>
            <p>Luke Herman asks <a href="https://blog.example.com/2012/11/re-defecting/">why people keep re-defecting
            to North Korea</a>. I think the answer is family.</p></article>
            <footer><a href="/feed">RSS</a></footer></body></html>""";

    private static SpamEvidence evidence(String html, String title, String excerpt, int hostsFromIp, int spamFromHost) {
        return evidence(html, title, excerpt, new RecentActivity(hostsFromIp, spamFromHost), false);
    }

    private static SpamEvidence evidence(String html, String title, String excerpt, RecentActivity recent, boolean trusted) {
        Document page = Jsoup.parse(html, SOURCE.toString());
        Element link = page.select("a[href]").stream().filter(a -> a.absUrl("href").equals(TARGET.toString())).findFirst().orElse(null);
        return new SpamEvidence(page, link, SOURCE, TARGET, new Backlink.Details(title, excerpt, "Other Blog"), TARGET_TITLE,
                                recent, trusted);
    }

    private static SpamEvidence reply() {
        return evidence(REPLY, "On re-defection", "Luke Herman asks why people keep re-defecting to North Korea.", 1, 0);
    }

    @Test
    void anOrdinaryReplyIsClean() {
        Assessment clean = SpamScorer.standard().assess(reply());
        assertEquals(0.0, clean.score());
        assertEquals(List.of(), clean.reasons());
    }

    @Test
    void spamWordsInTitleOrExcerpt() {
        assertTrue(new SpamWordsRule().check(reply()).isEmpty());
        Optional<SpamRule.Finding> one = new SpamWordsRule().check(evidence(REPLY, "Best online slots bonus", "re-defecting", 0, 0));
        assertEquals(0.5, one.orElseThrow().score());
        assertTrue(one.get().reason().contains("online slots"));
        assertEquals(0.8, new SpamWordsRule().check(evidence(REPLY, "Cheap viagra", "casino night", 0, 0)).orElseThrow().score());
        // Word boundaries: "pokerface" or "Essex" are not spam words.
        assertTrue(new SpamWordsRule().check(evidence(REPLY, "Pokerface in Essex", "", 0, 0)).isEmpty());
    }

    @Test
    void aPageOfHundredsOfLinksIsALinkFarm() {
        assertTrue(new LinkFarmRule().check(reply()).isEmpty());
        StringBuilder farm = new StringBuilder("<ul>");
        for (int i = 0; i < 350; i++) {
            farm.append("<li><a href=\"https://site").append(i).append(".example/\">site ").append(i).append("</a></li>");
        }
        farm.append("</ul><a href=\"").append(TARGET).append("\">x</a>");
        assertEquals(0.6, new LinkFarmRule().check(evidence(farm.toString(), "Links", "", 0, 0)).orElseThrow().score());
    }

    @Test
    void aHiddenOrSponsoredLinkIsSuspicious() {
        assertTrue(new HiddenLinkRule().check(reply()).isEmpty());
        String hidden = "<p>Hello</p><div style=\"display: none\"><a href=\"" + TARGET + "\">seo</a></div>";
        assertEquals(0.6, new HiddenLinkRule().check(evidence(hidden, "x", "", 0, 0)).orElseThrow().score());
        String tiny = "<p>Hello <a style=\"font-size:0\" href=\"" + TARGET + "\">seo</a></p>";
        assertEquals(0.6, new HiddenLinkRule().check(evidence(tiny, "x", "", 0, 0)).orElseThrow().score());
        String sponsored = "<p>Partner: <a rel=\"nofollow sponsored\" href=\"" + TARGET + "\">this</a></p>";
        assertEquals(0.3, new HiddenLinkRule().check(evidence(sponsored, "x", "", 0, 0)).orElseThrow().score());
        String nofollow = "<p>Comment: <a rel=\"nofollow ugc\" href=\"" + TARGET + "\">this</a></p>";
        assertTrue(new HiddenLinkRule().check(evidence(nofollow, "x", "", 0, 0)).isEmpty(), "nofollow alone is normal");
    }

    @Test
    void aLinkOnlyInAFooterOrSidebarIsSiteWide() {
        assertTrue(new PlacementRule().check(reply()).isEmpty());
        String footer = "<article><p>About cats.</p></article><footer><a href=\"" + TARGET + "\">friend</a></footer>";
        assertEquals(0.3, new PlacementRule().check(evidence(footer, "Cats", "", 0, 0)).orElseThrow().score());
        String sidebar = "<div id=\"sidebar\"><ul class=\"blogroll\"><li><a href=\"" + TARGET + "\">friend</a></li></ul></div>";
        assertTrue(new PlacementRule().check(evidence(sidebar, "Cats", "", 0, 0)).isPresent());
    }

    @Test
    void textThatSharesNoWordWithTheTargetIsOffTopic() {
        assertTrue(new OffTopicRule().check(reply()).isEmpty());
        assertEquals(0.2, new OffTopicRule().check(evidence(REPLY, "Garden furniture sale", "Great chairs here", 0, 0))
                .orElseThrow().score());
    }

    private static final String REPLY_TITLE = "On re-defection";
    private static final String REPLY_EXCERPT = "Luke Herman asks why people keep re-defecting to North Korea.";

    @Test
    void manyDifferentSourceHostsFromOneIpCorroborateButNeverHoldAlone() {
        assertTrue(new PingBurstRule().check(reply()).isEmpty());
        var wave = new PingBurstRule().check(evidence(REPLY, REPLY_TITLE, REPLY_EXCERPT, 12, 0)).orElseThrow();
        assertTrue(wave.corroborating(), wave.toString());
        assertEquals(0.2, wave.score());
        assertEquals(0.4, new PingBurstRule().check(evidence(REPLY, REPLY_TITLE, REPLY_EXCERPT, 40, 0)).orElseThrow().score());

        Assessment alone = SpamScorer.standard().assess(evidence(REPLY, REPLY_TITLE, REPLY_EXCERPT, 40, 0));
        assertEquals(0.0, alone.score(), alone.toString());
        assertTrue(alone.reasons().getFirst().contains("40 different source hosts"), alone.toString());
        assertTrue(alone.reasons().getFirst().contains("not counted"), alone.toString());
    }

    @Test
    void aWaveAddsWeightToOtherFindings() {
        Assessment wordsOnly = SpamScorer.standard().assess(evidence(REPLY, "Cheap casino bonus", REPLY_EXCERPT, 1, 0));
        Assessment wordsInAWave = SpamScorer.standard().assess(evidence(REPLY, "Cheap casino bonus", REPLY_EXCERPT, 40, 0));
        assertEquals(0.5, wordsOnly.score());
        assertEquals(0.7, wordsInAWave.score(), wordsInAWave.toString());
    }

    @Test
    void volumeFromOneHostIsNotAWave() {
        // 200 pings from one blog: one source host, so no finding at all
        assertTrue(new PingBurstRule().check(evidence(REPLY, REPLY_TITLE, REPLY_EXCERPT, 1, 0)).isEmpty());
    }

    @Test
    void aSourceHostWithRecentSpamIsSuspect() {
        var finding = new PingBurstRule().check(evidence(REPLY, REPLY_TITLE, REPLY_EXCERPT, 1, 3)).orElseThrow();
        assertEquals(0.5, finding.score());
        assertTrue(!finding.corroborating());
    }

    @Test
    void trustedSendersAreNeverScoredForVolume() {
        var evidence = evidence(REPLY, REPLY_TITLE, REPLY_EXCERPT, new RecentActivity(50, 5), true);
        assertTrue(new PingBurstRule().check(evidence).isEmpty());
    }

    @Test
    void signalsCombineSoTwoMediumOnesMakeSpam() {
        String page = "<div style=\"display:none\"><a href=\"" + TARGET + "\">cheap viagra</a></div>";
        Assessment spam = SpamScorer.standard().assess(evidence(page, "Cheap viagra", "cheap viagra casino", 0, 0));
        assertTrue(spam.score() >= 0.9, spam.toString());
        assertEquals(3, spam.reasons().size(), spam.reasons().toString());
    }
}
