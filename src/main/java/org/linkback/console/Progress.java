package org.linkback.console;

import java.io.PrintStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress of a long command (import, export, send): rows or links done, the rate, and the
 * time left when the total is known. On a terminal a bar (me.tongfei:progressbar) on standard
 * error; otherwise a plain line every few seconds and one at the end, so CI logs stay readable.
 * Thread-safe: steps may come from any thread.
 */
public final class Progress implements AutoCloseable {

    private static final Duration PLAIN_EVERY = Duration.ofSeconds(5);

    private final String task;
    private final String unit;
    private final PrintStream out;
    private final ProgressBar bar;
    private final long started = System.nanoTime();
    private long total;
    private long done;
    private long lastLine = System.nanoTime();
    private boolean closed;

    private Progress(String task, String unit, long total, PrintStream out, ProgressBar bar) {
        this.task = task;
        this.unit = unit;
        this.total = total;
        this.out = out;
        this.bar = bar;
    }

    /**
     * @param total the number of units when known, else -1
     */
    public static Progress start(String task, String unit, long total) {
        return start(task, unit, total, System.err, Terminal.interactive());
    }

    /** For tests and callers that decide themselves: a bar when {@code terminal}, else plain lines to {@code out}. */
    public static Progress start(String task, String unit, long total, PrintStream out, boolean terminal) {
        ProgressBar bar = terminal ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" " + unit, 1)
                .showSpeed().setSpeedUnit(ChronoUnit.SECONDS).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(out)).build() : null;
        return new Progress(task, unit, total, out, bar);
    }

    /** Nothing shown: for callers without a person watching (the server, tests). */
    public static Progress none() {
        return new Progress("", "", -1, null, null);
    }

    /** The total became known (or changed). */
    public synchronized void total(long total) {
        this.total = total;
        if (bar != null) {
            bar.maxHint(total);
        }
    }

    public synchronized void step() {
        stepBy(1);
    }

    public synchronized void stepBy(long n) {
        done += n;
        if (bar != null) {
            bar.stepBy(n);
        } else if (out != null && System.nanoTime() - lastLine >= PLAIN_EVERY.toNanos()) {
            lastLine = System.nanoTime();
            out.println(line(false));
        }
    }

    public synchronized long done() {
        return done;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (bar != null) {
            bar.close();
        } else if (out != null && done > 0) {
            out.println(line(true));
        }
    }

    /** "export: 120000 rows of 200000 (60 %), 24000/s, about 3 s left" or, at the end, "… in 8.3 s". */
    String line(boolean end) {
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        long rate = Math.round(done / seconds);
        StringBuilder line = new StringBuilder(task).append(": ").append(done).append(' ').append(unit);
        if (total > 0) {
            line.append(" of ").append(total).append(String.format(Locale.ROOT, " (%d %%)", Math.min(100, done * 100 / total)));
        }
        line.append(", ").append(rate).append("/s");
        if (end) {
            line.append(String.format(Locale.ROOT, ", in %.1f s", seconds));
        } else if (total > 0 && rate > 0 && done < total) {
            line.append(", about ").append((total - done) / rate + 1).append(" s left");
        }
        return line.toString();
    }
}
