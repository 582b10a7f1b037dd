package org.linkback.queue;

/**
 * A claimed job: check mention {@code subjectId} again, or send outbound link {@code subjectId}.
 *
 * @param subjectId the row the job is about (a mention, an outbound link)
 * @param attempts  failed attempts before this one
 * @param owner     the worker that holds the lease
 */
public record Job(long id, long subjectId, String clientIp, int attempts, String owner) {
}
