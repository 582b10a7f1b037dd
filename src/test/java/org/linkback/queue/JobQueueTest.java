package org.linkback.queue;

import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.linkback.backlink.Assessment;
import org.linkback.backlink.Backlink;
import org.linkback.backlink.BacklinkState;
import org.linkback.backlink.Backlinks;
import org.linkback.backlink.CheckState;
import org.linkback.backlink.Kind;
import org.linkback.backlink.ModerationStatus;
import org.linkback.store.Database;
import org.linkback.store.PairKey;
import org.linkback.testing.TestBacklinks;
import org.linkback.testing.TestClock;
import org.linkback.testing.TestDatabase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verification queue on a real HSQLDB file database: claims are exclusive, leases expire,
 * and asking again while a job runs makes it run once more. Time passes only when a test moves
 * the queue's clock.
 */
class JobQueueTest {

    private Database database;
    private Backlinks store;
    private JobQueue queue;
    private final TestClock clock = TestClock.stoppedNow();

    @BeforeEach
    void open() throws Exception {
        database = Database.open(TestDatabase.in(Files.createTempDirectory("queue-test")).config());
        store = TestBacklinks.on(database);
        queue = JobQueue.checks(database, clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private long mention(int n) {
        database.useTransaction(h -> store.loaded(h, List.of(new Backlinks.Loaded(
                Kind.WEBMENTION, "https://a.example/" + n, "https://blog.example/post", "test",
                new BacklinkState(ModerationStatus.PENDING, CheckState.PENDING), new Backlink.Details(null, null, null),
                Assessment.CLEAN, "192.0.2.1", java.time.Instant.now()))));
        return store.find("https://a.example/" + n, "https://blog.example/post").orElseThrow().id();
    }

    /** Queues a check in a unit of work of its own, as the receiver does. */
    private void enqueue(long mentionId, String clientIp) {
        database.useTransaction(h -> queue.enqueue(h, mentionId, clientIp, "a.example"));
    }

    @Test
    void twoWorkersClaimingAtOnceNeverGetTheSameJob() throws Exception {
        for (int i = 0; i < 200; i++) {
            enqueue(mention(i), "192.0.2.1");
        }
        Set<Long> claimedTwice = ConcurrentHashMap.newKeySet();
        Set<Long> claimed = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            String owner = "worker-" + w;
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                List<Job> jobs;
                while (!(jobs = queue.claim(owner, 7, Duration.ofMinutes(5))).isEmpty()) {
                    jobs.forEach(job -> {
                        if (!claimed.add(job.subjectId())) {
                            claimedTwice.add(job.subjectId());
                        }
                    });
                }
            }));
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertEquals(Set.of(), claimedTwice);
        assertEquals(200, claimed.size());
    }

    @Test
    void aLeaseThatExpiresLetsAnotherWorkerTakeTheJob() {
        enqueue(mention(1), "192.0.2.1");
        assertEquals(1, queue.claim("dead-worker", 10, Duration.ofMinutes(1)).size());
        clock.advance(Duration.ofSeconds(59));
        assertTrue(queue.claim("live-worker", 10, Duration.ofMinutes(5)).isEmpty(), "still leased");

        clock.advance(Duration.ofSeconds(2));

        assertEquals(1, queue.claim("live-worker", 10, Duration.ofMinutes(5)).size());
    }

    @Test
    void askingAgainWhileAJobRunsRunsItOnceMore() {
        long id = mention(1);
        enqueue(id, "192.0.2.1");
        Job running = queue.claim("w", 10, Duration.ofMinutes(5)).getFirst();
        clock.advance(Duration.ofSeconds(1));
        enqueue(id, "192.0.2.1"); // while it runs: no second job, no second claim
        assertTrue(queue.claim("other", 10, Duration.ofMinutes(5)).isEmpty());

        queue.complete(running);

        assertEquals(1, queue.size());
        Job again = queue.claim("w", 10, Duration.ofMinutes(5)).getFirst();
        queue.complete(again);
        assertEquals(0, queue.size());
    }

    @Test
    void aRetryWaitsForItsBackoff() {
        enqueue(mention(1), "192.0.2.1");
        Job job = queue.claim("w", 10, Duration.ofMinutes(5)).getFirst();

        queue.retry(job, Duration.ofSeconds(30), "503");

        assertTrue(queue.claim("w", 10, Duration.ofMinutes(5)).isEmpty());
        clock.advance(Duration.ofSeconds(29));
        assertTrue(queue.claim("w", 10, Duration.ofMinutes(5)).isEmpty(), "a second before its backoff ends");
        clock.advance(Duration.ofSeconds(1));
        Job retried = queue.claim("w", 10, Duration.ofMinutes(5)).getFirst();
        assertEquals(1, retried.attempts());
    }

    @Test
    void aPendingMentionWithoutAJobIsQueuedAtStartUp() {
        long orphan = mention(1);           // stored, then the process died before queueing it
        long queued = mention(2);
        enqueue(queued, "192.0.2.1");

        assertEquals(1, queue.enqueueOrphans());

        assertEquals(Set.of(orphan, queued),
                     new HashSet<>(queue.claim("w", 10, Duration.ofMinutes(5)).stream().map(Job::subjectId).toList()));
        assertEquals(0, queue.enqueueOrphans());
    }

    @Test
    void everyKindOfWorkLeftWithoutAJobIsQueuedOnceWhenProcessesStartAtOnce() throws Exception {
        long pendingMention = mention(1);
        long unsent = outbound("https://blog.example/post", "https://a.example/retry", "pending-retry");
        long retrying = outbound("https://blog.example/post", "https://a.example/queued", "pending-retry");
        database.useTransaction(h -> JobQueue.sends(database, clock).enqueueRetry(h, retrying, "a.example", Duration.ofHours(1)));
        outbound("https://blog.example/post", "https://a.example/sent", "sent");
        outbound("https://blog.example/post", "https://a.example/failed", "failed");
        long undelivered = delivery(null, null);
        delivery(Instant.now(), null);
        long givenUp = delivery(null, "gave up after repeated failures: HTTP 500");
        database.useTransaction(h -> h.createUpdate("UPDATE webhook_delivery SET gave_up_at = :now WHERE id = :id")
                .bind("now", Timestamp.from(Instant.now())).bind("id", givenUp).execute());
        long failedOnce = delivery(null, "HTTP 500");

        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger queued = new AtomicInteger();
        List<Thread> processes = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            processes.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                queued.addAndGet(JobQueue.enqueueOrphans(database, clock));
            }));
        }
        start.countDown();
        for (Thread process : processes) {
            process.join();
        }

        assertEquals(4, queued.get(), "each orphan once, whichever process queued it");
        assertEquals(Set.of(pendingMention), subjects(queue));
        assertEquals(Set.of(unsent), subjects(JobQueue.sends(database, clock)), "the retry waiting for its backoff is left as it is");
        assertEquals(Set.of(undelivered, failedOnce), subjects(JobQueue.webhooks(database, clock)),
                     "neither the delivered one nor the one given up");
        assertEquals(0, JobQueue.enqueueOrphans(database, clock));
    }

    private long outbound(String source, String target, String outcome) {
        Timestamp now = Timestamp.from(Instant.now());
        return database.inTransaction(h -> h.createUpdate("INSERT INTO outbound (source, target, pair_key, site, outcome, created_at, "
                                                          + "updated_at) VALUES (:source, :target, :key, 'test', :outcome, :now, :now)")
                .bind("source", source)
                .bind("target", target)
                .bind("key", PairKey.of(source, target))
                .bind("outcome", outcome)
                .bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    private long delivery(Instant deliveredAt, String lastError) {
        return database.inTransaction(h -> h.createUpdate("INSERT INTO webhook_delivery (webhook_url, message_id, event, payload, "
                                                          + "created_at, delivered_at, last_error) VALUES ('https://hooks.example/in', "
                                                          + ":message, 'backlink.created', '{}', :now, :delivered, :error)")
                .bind("message", "msg_" + System.nanoTime())
                .bind("now", Timestamp.from(Instant.now()))
                .bind("delivered", deliveredAt == null ? null : Timestamp.from(deliveredAt))
                .bind("error", lastError)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    /** The subjects of the jobs due in a queue now. */
    private static Set<Long> subjects(JobQueue jobs) {
        return new HashSet<>(jobs.claim("w", 100, Duration.ofMinutes(5)).stream().map(Job::subjectId).toList());
    }

    @Test
    void manyRequestsForOneMentionAreOneJob() {
        long id = mention(1);
        for (int i = 0; i < 50; i++) {
            enqueue(id, "192.0.2.1");
        }
        assertEquals(1, queue.size());
        assertEquals(new HashSet<>(List.of(id)), new HashSet<>(queue.claim("w", 10, Duration.ofMinutes(5)).stream().map(Job::subjectId).toList()));
    }

    @Test
    void aFairClaimSkipsBusySendersAndTakesOneJobPerSenderAndHost() {
        long first = mention(1);
        long second = mention(2);
        long other = mention(3);
        enqueue(first, "192.0.2.1");
        enqueue(second, "192.0.2.1");
        database.useTransaction(h -> queue.enqueue(h, other, "192.0.2.9", "b.example"));

        List<Job> batch = queue.claim("w", 10, Duration.ofMinutes(5), Set.of(), Set.of());

        assertEquals(Set.of(first, other), new HashSet<>(batch.stream().map(Job::subjectId).toList()),
                     "one job of 192.0.2.1 / a.example, and the other sender's");
        assertTrue(queue.claim("w", 10, Duration.ofMinutes(5), Set.of("192.0.2.1"), Set.of()).isEmpty(),
                   "the busy sender's next job waits");
        assertEquals(List.of(second), queue.claim("w", 10, Duration.ofMinutes(5), Set.of(), Set.of()).stream().map(Job::subjectId).toList());
    }

    @Test
    void aSweepLeavesASendersJobAloneAndASenderTakesOverAWaitingSweepJob() throws Exception {
        long retrying = mention(1);
        enqueue(retrying, "192.0.2.1");
        queue.retry(queue.claim("w", 10, Duration.ofMinutes(5)).getFirst(), Duration.ofMinutes(10), "503");

        database.useTransaction(h -> queue.enqueue(h, retrying, null, "a.example", JobQueue.PRIORITY_SWEEP));

        assertTrue(queue.claim("w", 10, Duration.ofMinutes(5)).isEmpty(), "the sender's backoff still holds");

        long swept = mention(2);
        database.useTransaction(h -> queue.enqueue(h, swept, null, "a.example", JobQueue.PRIORITY_SWEEP));
        enqueue(swept, "192.0.2.7");
        Job job = queue.claim("w", 10, Duration.ofMinutes(5)).getFirst();
        assertEquals(swept, job.subjectId());
        assertEquals("192.0.2.7", job.clientIp());
        assertEquals(JobQueue.PRIORITY_NOW, job.priority(), "a sender's request is not left at sweep priority");
    }
}
