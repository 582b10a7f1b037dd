package org.linkback.queue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.linkback.config.LinkbackConfig;
import org.linkback.task.BackgroundTask;

/**
 * Runs queued jobs: polls the queue (or wakes when a job queued here commits), claims what is
 * due, and runs each job on a virtual thread, at most {@code workers} at a time, and at most one
 * per client IP and one per host: a sender whose sources are slow only waits for itself.
 * {@link #start()} starts it, {@link #close()} stops it and gives back its leases.
 */
public final class JobWorker implements AutoCloseable {

    /** What to do with one job. */
    public interface Handler {

        /**
         * Runs one job.
         *
         * @return empty when the job is done (well or badly), or the reason to try again later
         */
        Optional<String> handle(Job job);

        /** The job failed for passing reasons {@code max-attempts} times: settle it for good. */
        void giveUp(Job job, String lastReason);
    }

    private static final Logger LOG = Logger.getLogger(JobWorker.class.getName());

    /** What the worker runs ("checks", "sends", "webhooks"): its threads and log lines say it. */
    private final String name;
    private final JobQueue queue;
    private final Handler handler;
    private final LinkbackConfig.Queue config;
    private final String owner = "worker-" + UUID.randomUUID();
    private final Semaphore slots;
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> busyIps = new ConcurrentHashMap<>();
    private final Map<String, Integer> busyHosts = new ConcurrentHashMap<>();
    private final BackgroundTask poller;

    /** @param name what the worker runs, e.g. {@code "checks"}: its threads are {@code name-queue} and {@code name-job-ID} */
    public JobWorker(String name, JobQueue queue, Handler handler, LinkbackConfig.Queue config) {
        this.name = name;
        this.queue = queue;
        this.handler = handler;
        this.config = config;
        this.slots = new Semaphore(config.workers());
        // polls, or wakes when a job queued here commits or a slot becomes free
        this.poller = BackgroundTask.of(name + "-queue", config.pollInterval(), name + " queue poll failed", this::claim);
        queue.onNewJob(poller::wakeUp);
    }

    /** Starts polling the queue. */
    public JobWorker start() {
        poller.start();
        return this;
    }

    /** Claims the due jobs there are free slots for and starts them; when it got some, looks again at once. */
    private void claim() throws InterruptedException {
        int free = slots.availablePermits();
        List<Job> jobs = free == 0 ? List.of()
                : queue.claim(owner, free, config.lease(), Set.copyOf(busyIps.keySet()), Set.copyOf(busyHosts.keySet()));
        for (Job job : jobs) {
            slots.acquire();
            busy(job, 1);
            Thread.ofVirtual().name(name + "-job-" + job.id()).start(() -> run(job));
        }
        if (!jobs.isEmpty()) {
            poller.wakeUp();
        }
    }

    private void run(Job job) {
        running.add(Thread.currentThread());
        try {
            Optional<String> retry = handle(job);
            if (poller.stopping()) {
                return; // stopping: the attempt may have been cut short; the lease goes back on close
            }
            if (retry.isEmpty()) {
                queue.complete(job);
            } else if (job.attempts() + 1 < config.maxAttempts()) {
                queue.retry(job, config.backoff(job.attempts()), retry.get());
            } else {
                handler.giveUp(job, retry.get());
                queue.complete(job);
            }
        } catch (RuntimeException e) {
            if (!poller.stopping()) {
                LOG.log(Level.WARNING, name + " job " + job.id() + " could not be recorded", e);
            }
        } finally {
            running.remove(Thread.currentThread());
            busy(job, -1);
            slots.release();
            poller.wakeUp(); // a free slot: look for the next due job now
        }
    }

    /** Counts the job's client IP and host as running (+1) or done (-1). */
    private void busy(Job job, int change) {
        if (job.clientIp() != null) {
            busyIps.merge(job.clientIp(), change, (a, b) -> a + b == 0 ? null : a + b);
        }
        if (job.host() != null) {
            busyHosts.merge(job.host(), change, (a, b) -> a + b == 0 ? null : a + b);
        }
    }

    private Optional<String> handle(Job job) {
        try {
            return handler.handle(job);
        } catch (RuntimeException e) {
            if (!poller.stopping()) {
                LOG.log(Level.WARNING, name + " job " + job.id() + " failed unexpectedly", e);
            }
            return Optional.of("internal error");
        }
    }

    /**
     * Stops polling, interrupts running jobs (their fetches end at once), and gives back all
     * leases so the next start picks the jobs up at once.
     */
    @Override
    public void close() {
        poller.stop(); // first: an interrupted poller starts no more jobs
        if (!poller.started()) {
            return; // never started: no leases
        }
        running.forEach(Thread::interrupt);
        poller.close();
        try {
            if (!slots.tryAcquire(config.workers(), 2, TimeUnit.SECONDS)) {
                LOG.info("stopping with " + name + " jobs still running; they resume after restart");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.releaseAll(owner);
    }
}
