package org.linkback.spam;

import java.util.ArrayList;
import java.util.List;

import org.linkback.store.Assessment;

/**
 * Runs every rule and combines their scores as independent signals: 1 − Π(1 − score).
 * Two medium signals make a strong one; no single weak one makes spam.
 */
public final class SpamScorer {

    private final List<SpamRule> rules;

    public SpamScorer(List<SpamRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The rules linkback ships with. */
    public static SpamScorer standard() {
        return new SpamScorer(List.of(new SpamWordsRule(), new LinkFarmRule(), new HiddenLinkRule(), new PlacementRule(),
                                      new OffTopicRule(), new PingBurstRule()));
    }

    public Assessment assess(SpamEvidence evidence) {
        double clean = 1;
        List<String> reasons = new ArrayList<>();
        for (SpamRule rule : rules) {
            var finding = rule.check(evidence);
            if (finding.isPresent()) {
                clean *= 1 - finding.get().score();
                reasons.add(finding.get().reason());
            }
        }
        return new Assessment(Math.round((1 - clean) * 100) / 100.0, reasons);
    }
}
