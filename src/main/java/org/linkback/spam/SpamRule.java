package org.linkback.spam;

import java.util.Optional;

/**
 * One reason a backlink may be spam. Rules are independent; {@link SpamScorer} combines them.
 */
public interface SpamRule {

    /** What this rule found, or empty when it found nothing suspicious. */
    Optional<Finding> check(SpamEvidence evidence);

    /**
     * @param score          0..1, how strongly this suggests spam
     * @param reason         a sentence for the moderator
     * @param corroborating  true when the finding only adds weight to another rule's finding and
     *                       counts for nothing on its own (volume is not spam)
     */
    record Finding(double score, String reason, boolean corroborating) {

        public Finding(double score, String reason) {
            this(score, reason, false);
        }

        /** A finding that counts only beside another rule's finding. */
        public static Finding corroborating(double score, String reason) {
            return new Finding(score, reason, true);
        }
    }
}
