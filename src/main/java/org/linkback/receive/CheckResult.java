package org.linkback.receive;

import org.linkback.store.Assessment;
import org.linkback.store.Mention;
import org.linkback.store.Status;

/**
 * A source that links to its target: what to store, how suspicious it looks, and the
 * moderation status that earns it.
 */
public record CheckResult(Mention.Details details, Assessment assessment, Status status) {
}
