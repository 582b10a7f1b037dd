package org.linkback.queue;

/**
 * A claimed verification job: check mention {@code mentionId} again.
 *
 * @param attempts failed attempts before this one
 * @param owner    the worker that holds the lease
 */
public record Job(long id, long mentionId, String clientIp, int attempts, String owner) {
}
