package org.linkback.receive;

import org.linkback.store.Assessment;
import org.linkback.store.Mention;
import org.linkback.store.ModerationStatus;

/**
 * A source that links to its target: what to store, how suspicious it looks, and the
 * moderation status its score and its site earn it ({@code scored}; the lifecycle decides
 * whether it applies).
 */
public record CheckResult(Mention.Details details, Assessment assessment, ModerationStatus scored) {
}
