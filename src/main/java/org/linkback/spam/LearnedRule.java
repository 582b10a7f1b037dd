package org.linkback.spam;

import java.util.Locale;
import java.util.Optional;

/**
 * The learned filter as a rule: what the model, trained by this site's moderators (or all
 * sites' while this one has seen too little), makes of the page's tokens. A probability over
 * one half adds to the spam score in proportion, with a reason that names the strongest clues,
 * {@code learned: p=0.97 (casino, payday, loan-offers.example)}; before the model has seen
 * {@code moderation.learned-min-examples} of each kind it says nothing.
 */
public final class LearnedRule implements SpamRule {

    /** A probability below this is no finding (a page the model cannot tell is not suspect). */
    static final double FLOOR = 0.6;

    private final LearnedSpam model;

    public LearnedRule(LearnedSpam model) {
        this.model = model;
    }

    @Override
    public Optional<Finding> check(SpamEvidence evidence) {
        return model.verdict(evidence.site(), evidence.tokens())
                .filter(verdict -> verdict.probability() >= FLOOR)
                .map(verdict -> new Finding(score(verdict.probability()), reason(verdict)));
    }

    /** 0.6 → 0.2, 0.8 → 0.6 (held), 0.9 → 0.8 and above (spam): the model's certainty, scaled to the score's range. */
    static double score(double probability) {
        return Math.min(0.95, (probability - 0.5) * 2);
    }

    static String reason(LearnedFilter.Verdict verdict) {
        String p = String.format(Locale.ROOT, "%.2f", Math.floor(verdict.probability() * 100) / 100);
        return "learned: p=" + p + (verdict.strongest().isEmpty() ? "" : " (" + String.join(", ", verdict.strongest()) + ")");
    }
}
