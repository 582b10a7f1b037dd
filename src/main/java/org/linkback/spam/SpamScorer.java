package org.linkback.spam;

import java.util.ArrayList;
import java.util.List;

import org.linkback.backlink.Assessment;

/**
 * Runs every rule and combines their scores as independent signals: 1 − Π(1 − score).
 * Two medium signals make a strong one; no single weak one makes spam. Corroborating findings
 * (a burst of pings) count only when some other rule found something: alone they score 0 and
 * are listed for the moderator with "(alone: not counted)".
 */
public final class SpamScorer {

    private final List<SpamRule> rules;

    public SpamScorer(List<SpamRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The fixed rules linkback ships with. */
    public static SpamScorer standard() {
        return new SpamScorer(List.of(new SpamWordsRule(), new LinkFarmRule(), new HiddenLinkRule(), new PlacementRule(),
                                      new OffTopicRule(), new PingBurstRule()));
    }

    /** The fixed rules and the one this installation's moderators teach. */
    public static SpamScorer learning(LearnedSpam model) {
        List<SpamRule> rules = new ArrayList<>(standard().rules);
        rules.add(new LearnedRule(model));
        return new SpamScorer(rules);
    }

    public Assessment assess(SpamEvidence evidence) {
        List<SpamRule.Finding> findings = new ArrayList<>();
        for (SpamRule rule : rules) {
            rule.check(evidence).ifPresent(findings::add);
        }
        boolean corroborated = findings.stream().anyMatch(finding -> !finding.corroborating());
        double clean = 1;
        List<String> reasons = new ArrayList<>();
        for (SpamRule.Finding finding : findings) {
            if (finding.corroborating() && !corroborated) {
                reasons.add(finding.reason() + " (alone: not counted)");
                continue;
            }
            clean *= 1 - finding.score();
            reasons.add(finding.reason());
        }
        return new Assessment(Math.round((1 - clean) * 100) / 100.0, reasons);
    }
}
