package org.linkback.testing;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Waits for something a test expects to happen (a check finished, a webhook delivered), polling
 * every 50 ms. Never used to let time pass: a test that expects nothing to happen waits for the
 * event after which it would have happened, then asserts.
 */
public final class Await {

    private static final Duration POLL = Duration.ofMillis(50);

    private Await() {
    }

    /**
     * Returns as soon as condition is true; fails with what was awaited when it is still false
     * after max.
     */
    public static void until(Duration max, Callable<Boolean> condition, String what) {
        until(max, condition, () -> what);
    }

    /** {@link #until(Duration, Callable, String)} with a message made when it fails (e.g. the state it was left in). */
    public static void until(Duration max, Callable<Boolean> condition, Callable<String> what) {
        if (!poll(max, condition)) {
            throw new AssertionError("not within " + max.toSeconds() + " s: " + describe(what));
        }
    }

    private static String describe(Callable<String> what) {
        try {
            return what.call();
        } catch (Exception e) {
            return "(could not say what: " + e + ")";
        }
    }

    /**
     * Polls until condition is true or max has passed; true when it became true. For callers
     * that assert on what they got themselves.
     */
    public static boolean poll(Duration max, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!test(condition)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
        return true;
    }

    private static boolean test(Callable<Boolean> condition) {
        try {
            return condition.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
