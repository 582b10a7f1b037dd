package org.linkback.task;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.linkback.store.ClusterLease;

/**
 * A step run again and again on a virtual thread of its own, with a pause between runs, until
 * closed: the one way linkback runs work beside the web server (sweep, feed watcher, audit
 * writer, job pollers). A step that fails is logged and tried again after the pause.
 */
public final class BackgroundTask implements AutoCloseable {

    /** One run of the task; a step with more to do calls {@link #wakeUp} to skip the pause. */
    @FunctionalInterface
    public interface Step {

        void run() throws InterruptedException;
    }

    private static final Logger LOG = Logger.getLogger(BackgroundTask.class.getName());
    private static final Duration JOIN = Duration.ofSeconds(5);

    private final String name;
    private final Duration pause;
    private final String failure;
    private final ClusterLease lease;
    private final Step step;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean open = true;
    private volatile Thread thread;

    private BackgroundTask(String name, Duration pause, String failure, ClusterLease lease, Step step) {
        this.name = name;
        this.pause = pause;
        this.failure = failure;
        this.lease = lease;
        this.step = step;
    }

    /**
     * @param name    the thread's name
     * @param failure the log line when a step fails
     */
    public static BackgroundTask of(String name, Duration pause, String failure, Step step) {
        return new BackgroundTask(name, pause, failure, null, step);
    }

    /**
     * A task one process of several sharing the database runs: a step runs only while this
     * process holds {@code lease}, and closing gives the lease up so another takes over at once.
     */
    public static BackgroundTask leased(String name, Duration pause, String failure, ClusterLease lease, Step step) {
        return new BackgroundTask(name, pause, failure, lease, step);
    }

    public BackgroundTask start() {
        thread = Thread.ofVirtual().name(name).start(this::loop);
        return this;
    }

    private void loop() {
        while (open) {
            try {
                try {
                    if (lease == null || lease.hold()) {
                        step.run();
                    }
                } catch (RuntimeException e) {
                    if (open) {
                        LOG.log(Level.WARNING, failure, e);
                    }
                }
                if (wakeUp.tryAcquire(pause.toNanos(), TimeUnit.NANOSECONDS)) {
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Ends the next pause (or the one under way) now: there is work (a job was queued, a slot became free). */
    public void wakeUp() {
        wakeUp.release();
    }

    /** True once {@link #stop} or {@link #close} was called: a step cut short need not record anything. */
    public boolean stopping() {
        return !open;
    }

    /** Runs no more steps and interrupts the one running; returns at once. */
    public void stop() {
        open = false;
        Thread running = thread;
        if (running != null) {
            running.interrupt();
        }
    }

    /** Stops, waits up to five seconds for the running step to end, and gives the lease up. */
    @Override
    public void close() {
        stop();
        Thread running = thread;
        if (running == null) {
            return; // never started: nothing held
        }
        try {
            running.join(JOIN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (lease != null) {
            try {
                lease.release();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, name + ": lease not released; it expires", e);
            }
        }
    }

    /** True when {@link #start} was called. */
    public boolean started() {
        return thread != null;
    }
}
