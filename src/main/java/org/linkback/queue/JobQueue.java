package org.linkback.queue;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

import org.linkback.store.Database;
import org.linkback.store.Dialect;
import org.linkback.text.Text;

/**
 * A durable job queue in a table of its own: mentions to (re)check ({@link #checks},
 * {@code verify_job}) and outbound links to send ({@link #sends}, {@code send_job}).
 *
 * <p>One row per subject: asking again while a job waits changes nothing, asking while it runs
 * marks it to run once more afterwards, so one subject never has two jobs in flight.
 * Workers claim due rows with a conditional UPDATE that takes a lease (on PostgreSQL after
 * {@code SELECT ... FOR UPDATE SKIP LOCKED}, so processes claiming at once take different jobs);
 * a worker that dies loses its lease when it expires, and another worker (or process) takes the
 * job over.
 * A job queued here wakes this process's worker as soon as it commits.
 *
 * <p>Due times, leases and backoffs are read from the queue's {@link Clock} (the system clock in
 * production; a test moves its own instead of sleeping).
 *
 * <p>Each kind knows which of its subjects need a job ({@link #enqueueOrphans}): start-up gives
 * one to every such subject left without one, whatever the process was doing when it died.
 */
public final class JobQueue {

    private static final Logger LOG = Logger.getLogger(JobQueue.class.getName());

    /** What a sender is waiting for. */
    public static final int PRIORITY_NOW = 0;
    /** Background re-checks: only when nothing else is due. */
    public static final int PRIORITY_SWEEP = 1;
    /** Due rows looked at per free slot to find jobs of senders that are not busy. */
    private static final int FAIRNESS_SCAN = 50;

    /** A due job, before it is claimed. */
    private record Candidate(long id, String ip, String host) {
    }

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final String table;
    private final String subject;
    private final Clock clock;
    private final Orphans orphans;
    private final List<Runnable> onNewJob = new CopyOnWriteArrayList<>();

    private JobQueue(Database database, String table, String subjectColumn, Clock clock, Orphans orphans) {
        this.jdbi = database.jdbi();
        this.dialect = database.dialect();
        this.table = table;
        this.subject = subjectColumn;
        this.clock = clock;
        this.orphans = orphans;
    }

    /** Mentions to check: {@code verify_job}. */
    public static JobQueue checks(Database database, Clock clock) {
        return new JobQueue(database, "verify_job", "mention_id", clock, Orphans.CHECKS);
    }

    /** Webhook deliveries to make: {@code webhook_job}. */
    public static JobQueue webhooks(Database database, Clock clock) {
        return new JobQueue(database, "webhook_job", "delivery_id", clock, Orphans.WEBHOOKS);
    }

    /** Activities to deliver to fediverse inboxes: {@code fediverse_delivery_job}. */
    public static JobQueue deliveries(Database database, Clock clock) {
        return new JobQueue(database, "fediverse_delivery_job", "delivery_id", clock, Orphans.DELIVERIES);
    }

    /** Emails to hand to the SMTP server: {@code mail_job}. */
    public static JobQueue mails(Database database, Clock clock) {
        return new JobQueue(database, "mail_job", "message_id", clock, Orphans.MAILS);
    }

    /** Outbound links to send: {@code send_job}. */
    public static JobQueue sends(Database database, Clock clock) {
        return new JobQueue(database, "send_job", "outbound_id", clock, Orphans.SENDS);
    }

    /** Runs listener whenever a job queued here has committed (the worker wakes up). */
    public void onNewJob(Runnable listener) {
        onNewJob.add(listener);
    }

    /**
     * Asks, in the caller's unit of work, for a job on a subject as soon as a worker is free.
     *
     * @param clientIp who asked (fairness: one running job per client IP), or null
     * @param host     the host the job will fetch from (fairness: one running job per host), or null
     */
    public void enqueue(Handle h, long subjectId, String clientIp, String host) {
        enqueue(h, subjectId, clientIp, host, PRIORITY_NOW);
    }

    /**
     * {@link #enqueue(Handle, long, String, String)} with a priority: {@link #PRIORITY_NOW} for what a
     * sender waits for, {@link #PRIORITY_SWEEP} for background re-checks, which run only when nothing
     * else is due. A sender's request makes a waiting sweep job its own; a sweep leaves an existing
     * job alone.
     */
    public void enqueue(Handle h, long subjectId, String clientIp, String host, int priority) {
        enqueue(h, subjectId, clientIp, host, priority, Duration.ZERO);
    }

    /**
     * Asks, in the caller's unit of work (the one that records the failed attempt), for a retry
     * of a subject after {@code delay}: the attempt and its retry commit together or not at all.
     */
    public void enqueueRetry(Handle h, long subjectId, String host, Duration delay) {
        enqueue(h, subjectId, null, host, PRIORITY_NOW, delay);
    }

    private void enqueue(Handle h, long subjectId, String clientIp, String host, int priority, Duration delay) {
        Timestamp now = now();
        Timestamp runAfter = delay.isZero() ? now : Timestamp.from(now.toInstant().plus(delay));
        boolean waitingAlready = priority == PRIORITY_SWEEP
                && h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE " + subject + " = :id").bind("id", subjectId)
                        .mapTo(Integer.class).one() > 0;
        if (waitingAlready) {
            return; // a sweep never disturbs a job a sender asked for (its client, its backoff)
        }
        if (request(h, subjectId, clientIp, host, priority, now, runAfter) == 0) {
            int inserted = dialect.insertUnlessTaken(h, "INSERT INTO " + table + " (" + subject + ", client_ip, host, priority, "
                                                        + "run_after, requested_at) VALUES (:mention, :ip, :host, :priority, :after, :now)",
                                                     subject, insert -> insert.bind("mention", subjectId)
                                                             .bind("ip", clientIp)
                                                             .bind("host", host)
                                                             .bind("priority", priority)
                                                             .bind("after", runAfter)
                                                             .bind("now", now));
            if (inserted == 0) {
                request(h, subjectId, clientIp, host, priority, now, runAfter); // another request inserted it first
            }
        }
        h.afterCommit(() -> onNewJob.forEach(Runnable::run));
    }

    private int request(Handle h, long subjectId, String clientIp, String host, int priority, Timestamp now, Timestamp runAfter) {
        return h.createUpdate("UPDATE " + table + " SET requested_at = :now, run_after = :after, attempts = 0, client_ip = :ip, "
                              + "host = :host, priority = :priority "
                              + "WHERE " + subject + " = :mention")
                .bind("mention", subjectId)
                .bind("ip", clientIp)
                .bind("host", host)
                .bind("priority", priority)
                .bind("after", runAfter)
                .bind("now", now)
                .execute();
    }

    /**
     * Claims up to {@code max} due jobs for {@code owner} for the length of the lease, oldest first.
     */
    public List<Job> claim(String owner, int max, Duration lease) {
        return claim(owner, max, lease, null, null);
    }

    /**
     * Claims up to {@code max} due jobs, oldest first, but never one whose client IP or host is
     * busy (running here already, or claimed in this batch): one sender waits for itself only.
     *
     * @param busyIps   client IPs with a job running here, or null for no fairness at all
     * @param busyHosts hosts with a job running here, or null for no fairness at all
     */
    public List<Job> claim(String owner, int max, Duration lease, Set<String> busyIps, Set<String> busyHosts) {
        boolean fair = busyIps != null && busyHosts != null;
        String skipLocked = dialect == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
        Timestamp now = now();
        Timestamp until = Timestamp.from(now.toInstant().plus(lease));
        HandleCallback<List<Job>, RuntimeException> claiming = h -> {
            Set<String> ips = fair ? new HashSet<>(busyIps) : new HashSet<>();
            Set<String> hosts = fair ? new HashSet<>(busyHosts) : new HashSet<>();
            List<Long> due = new ArrayList<>();
            for (Candidate c : h.createQuery("SELECT id, client_ip, host FROM " + table + " WHERE run_after <= :now "
                                             + "AND (lease_until IS NULL OR lease_until < :now) "
                                             + "ORDER BY priority, run_after, id FETCH FIRST :scan ROWS ONLY" + skipLocked)
                    .bind("now", now)
                    .bind("scan", Math.max(max, 1) * FAIRNESS_SCAN)
                    .map((rs, ctx) -> new Candidate(rs.getLong("id"), rs.getString("client_ip"), rs.getString("host")))
                    .list()) {
                boolean free = !fair || ((c.ip() == null || !ips.contains(c.ip())) && (c.host() == null || !hosts.contains(c.host())));
                if (due.size() < max && free) {
                    due.add(c.id());
                    if (c.ip() != null) {
                        ips.add(c.ip());
                    }
                    if (c.host() != null) {
                        hosts.add(c.host());
                    }
                }
            }
            List<Job> claimed = new ArrayList<>();
            for (long id : due) {
                int won = h.createUpdate("UPDATE " + table + " SET lease_owner = :owner, lease_until = :until, started_at = :now "
                                         + "WHERE id = :id AND run_after <= :now AND (lease_until IS NULL OR lease_until < :now)")
                        .bind("owner", owner)
                        .bind("until", until)
                        .bind("now", now)
                        .bind("id", id)
                        .execute();
                if (won == 1) {
                    h.createQuery("SELECT id, " + subject + " AS subject, client_ip, host, priority, attempts FROM " + table
                                  + " WHERE id = :id")
                            .bind("id", id)
                            .map((rs, ctx) -> new Job(rs.getLong("id"), rs.getLong("subject"), rs.getString("client_ip"),
                                                      rs.getString("host"), rs.getInt("priority"), rs.getInt("attempts"), owner))
                            .findOne()
                            .ifPresent(claimed::add);
                }
            }
            return claimed;
        };
        // PostgreSQL: in one transaction that locks the rows it looked at, so another process
        // claiming at the same moment looks at the next ones instead of racing for these.
        // HSQLDB (one process): each conditional UPDATE decides on its own.
        return dialect == Dialect.POSTGRESQL ? jdbi.inTransaction(claiming) : jdbi.withHandle(claiming);
    }

    /**
     * The job is done. If the mention was asked for again while it ran, it runs once more.
     */
    public void complete(Job job) {
        jdbi.useHandle(h -> complete(h, job));
    }

    /** The attempt failed for a passing reason: try again after {@code delay}. */
    public void retry(Job job, Duration delay, String error) {
        jdbi.useHandle(h -> retry(h, job, delay, error));
    }

    /** Not now: the job is due again after {@code delay}, and nothing was tried (no attempt counted). */
    public void postpone(Job job, Duration delay) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE " + table + " SET lease_owner = NULL, lease_until = NULL, run_after = :after "
                                           + "WHERE id = :id AND lease_owner = :owner")
                .bind("id", job.id())
                .bind("owner", job.owner())
                .bind("after", Timestamp.from(clock.instant().plus(delay)))
                .execute());
    }

    /**
     * {@link #retry(Job, Duration, String)} in the caller's unit of work, the one that records the
     * attempt: both commit or neither. The worker's {@link #complete} then leaves the job alone
     * (it is no longer leased).
     */
    public void retry(Handle h, Job job, Duration delay, String error) {
        // asked for again while it ran (requested after it started): due now, as a fresh request
        h.createUpdate("UPDATE " + table + " SET lease_owner = NULL, lease_until = NULL, "
                       + "attempts = CASE WHEN requested_at > started_at THEN 0 ELSE attempts + 1 END, "
                       + "run_after = CASE WHEN requested_at > started_at THEN CAST(:now AS TIMESTAMP WITH TIME ZONE) "
                       + "ELSE CAST(:after AS TIMESTAMP WITH TIME ZONE) END, last_error = :error "
                       + "WHERE id = :id AND lease_owner = :owner")
                .bind("id", job.id())
                .bind("owner", job.owner())
                .bind("now", now())
                .bind("after", Timestamp.from(clock.instant().plus(delay)))
                .bind("error", Text.cut(error, 500))
                .execute();
    }

    /**
     * {@link #complete(Job)} in the caller's unit of work, the one that records the job's result:
     * a kill between the two cannot run a settled job again.
     */
    public void complete(Handle h, Job job) {
        int deleted = h.createUpdate("DELETE FROM " + table + " WHERE id = :id AND lease_owner = :owner AND requested_at <= started_at")
                .bind("id", job.id())
                .bind("owner", job.owner())
                .execute();
        if (deleted == 0) { // asked for again while it ran: due now
            h.createUpdate("UPDATE " + table + " SET lease_owner = NULL, lease_until = NULL, attempts = 0, run_after = :now "
                           + "WHERE id = :id AND lease_owner = :owner")
                    .bind("id", job.id())
                    .bind("owner", job.owner())
                    .bind("now", now())
                    .execute();
        }
    }

    /**
     * Queues a job, due now, for every subject of this kind that needs one and has none: one whose
     * process died between storing it and queueing its job (or a job written before a unit of
     * work held both). Run at start-up.
     *
     * @return how many were queued
     */
    public int enqueueOrphans() {
        Timestamp now = now();
        int queued = jdbi.withHandle(h -> orphans.queue(h, dialect, table, subject, now));
        if (queued > 0) {
            LOG.info(() -> "queued " + queued + " job(s) in " + table + " that were left without one");
        }
        return queued;
    }

    /** Start-up recovery for every kind of job: {@link #enqueueOrphans} of each queue. */
    public static int enqueueOrphans(Database database, Clock clock) {
        return Stream.of(checks(database, clock), sends(database, clock), webhooks(database, clock), deliveries(database, clock),
                         mails(database, clock))
                .mapToInt(JobQueue::enqueueOrphans).sum();
    }

    /** Gives back every lease of a worker that stops cleanly, so a restart resumes its jobs at once. */
    public void releaseAll(String owner) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE " + table + " SET lease_owner = NULL, lease_until = NULL "
                                           + "WHERE lease_owner = :owner")
                .bind("owner", owner)
                .execute());
    }

    /** Jobs waiting or running (for health and tests). */
    public int size() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Integer.class).one());
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }
}
