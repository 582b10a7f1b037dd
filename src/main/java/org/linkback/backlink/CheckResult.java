package org.linkback.backlink;

import java.util.Set;

import org.linkback.mf2.Interaction;

/**
 * A source that links to its target: what to store (its details and what its microformats2
 * say), how suspicious it looks, and the moderation status its score and its site earn it
 * ({@code scored}; the lifecycle decides whether it applies), and what the learned spam filter read
 * of the page ({@code tokens}: kept for a moderator's decision to teach it).
 */
public record CheckResult(Backlink.Details details, Interaction interaction, Assessment assessment, ModerationStatus scored,
                          Set<String> tokens) {

    public CheckResult(Backlink.Details details, Interaction interaction, Assessment assessment, ModerationStatus scored) {
        this(details, interaction, assessment, scored, Set.of());
    }
}
