package org.linkback.backlink;

import org.linkback.mf2.Interaction;

/**
 * A source that links to its target: what to store (its details and what its microformats2
 * say), how suspicious it looks, and the moderation status its score and its site earn it
 * ({@code scored}; the lifecycle decides whether it applies).
 */
public record CheckResult(Backlink.Details details, Interaction interaction, Assessment assessment, ModerationStatus scored) {
}
