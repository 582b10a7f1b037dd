package org.linkback.queue;

/**
 * A claimed job: check mention {@code subjectId} again, or send outbound link {@code subjectId}.
 *
 * @param subjectId the row the job is about (a mention, an outbound link)
 * @param clientIp  who asked for it, or null
 * @param host      the host it fetches from, or null
 * @param attempts  failed attempts before this one
 * @param owner     the worker that holds the lease
 */
public record Job(long id, long subjectId, String clientIp, String host, int attempts, String owner) {
}
