package org.linkback.spam;

import java.util.Optional;

/**
 * One reason a backlink may be spam. Rules are independent; {@link SpamScorer} combines them.
 */
public interface SpamRule {

    /** What this rule found, or empty when it found nothing suspicious. */
    Optional<Finding> check(SpamEvidence evidence);

    /**
     * @param score  0..1, how strongly this alone suggests spam
     * @param reason a sentence for the moderator
     */
    record Finding(double score, String reason) {
    }
}
