package org.linkback.queue;

/**
 * A claimed job: check mention {@code subjectId} again, or send outbound link {@code subjectId}.
 *
 * @param subjectId the row the job is about (a mention, an outbound link)
 * @param clientIp  who asked for it, or null
 * @param host      the host it fetches from, or null
 * @param priority  {@link JobQueue#PRIORITY_NOW} or {@link JobQueue#PRIORITY_SWEEP}
 * @param attempts  failed attempts before this one
 * @param owner     the worker that holds the lease
 */
public record Job(long id, long subjectId, String clientIp, String host, int priority, int attempts, String owner) {

    /** A background re-check, not something a sender waits for. */
    public boolean isSweep() {
        return priority == JobQueue.PRIORITY_SWEEP;
    }
}
