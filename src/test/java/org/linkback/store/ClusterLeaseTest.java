package org.linkback.store;

import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.linkback.testing.TestClock;
import org.linkback.testing.TestDatabase;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A task of the cluster (the sweep, the feed watcher) runs in one process at a time. */
class ClusterLeaseTest {

    private Database one;
    private Database two;

    @BeforeEach
    void twoProcessesOnOneDatabase() throws Exception {
        TestDatabase database = TestDatabase.in(Files.createTempDirectory("lease-test"));
        one = Database.open(database.config());
        two = Database.open(database.config());
    }

    @AfterEach
    void close() {
        two.close();
        one.close();
    }

    @Test
    void oneProcessHoldsTheLeaseUntilItLetsGoOrStopsRenewingIt() {
        TestClock clock = TestClock.stoppedNow(); // the processes' clocks, in sync
        ClusterLease first = new ClusterLease(one, "sweep", Duration.ofMinutes(1), clock);
        ClusterLease second = new ClusterLease(two, "sweep", Duration.ofMinutes(1), clock);

        assertTrue(first.hold());
        assertFalse(second.hold(), "held by the first");
        assertTrue(first.hold(), "the holder renews it");

        first.release(); // a clean stop
        assertTrue(second.hold(), "taken over at once");
        assertFalse(first.hold());

        clock.advance(Duration.ofSeconds(59)); // the second stops renewing, as a process that died does
        assertFalse(first.hold(), "held until its term ends");
        clock.advance(Duration.ofSeconds(2));
        assertTrue(first.hold(), "taken over once it expired");
        assertFalse(second.hold());
    }

    @Test
    void twoProcessesTakingANewLeaseAtOnceGetItOnce() throws Exception {
        try (ExecutorService both = Executors.newFixedThreadPool(2)) {
            for (int i = 0; i < 20; i++) {
                ClusterLease first = new ClusterLease(one, "task-" + i, Duration.ofMinutes(1));
                ClusterLease second = new ClusterLease(two, "task-" + i, Duration.ofMinutes(1));
                CyclicBarrier together = new CyclicBarrier(2);
                Future<Boolean> a = both.submit(() -> {
                    together.await();
                    return first.hold();
                });
                Future<Boolean> b = both.submit(() -> {
                    together.await();
                    return second.hold();
                });
                assertNotEquals(a.get(), b.get(), "exactly one of them holds task-" + i);
            }
        }
    }
}
