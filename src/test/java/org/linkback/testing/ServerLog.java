package org.linkback.testing;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * Where servers log in tests (named by {@code src/test/resources/logging-test.properties}): to
 * the log file of the test class that runs, {@code target/test-logs/<pass>/<TestClass>.log}
 * ({@link ServerLogs} switches it), so the console shows test results only. A server in a
 * process of its own has no test class: it logs to its standard output, which
 * {@link ServerProcess} sends to a file of its own beside the class's.
 *
 * <p>The file is static: logging set up again (Helidon does at start-up) makes a new handler
 * that writes on where the last one did.
 */
public final class ServerLog extends Handler {

    private static final Object LOCK = new Object();
    private static Path file;
    private static Writer writer;
    private static final List<Path> processLogs = new CopyOnWriteArrayList<>();

    /** The standard output when logging was set up (an export's is its standard error). */
    private final PrintStream console = System.out;

    public ServerLog() {
        setFormatter(new SimpleFormatter());
    }

    /** The folder of this pass's logs: one per database, as the suite runs once on each. */
    public static Path folder() {
        return Path.of(System.getProperty("basedir", "."), "target", "test-logs", TestDatabase.onPostgres() ? "postgresql" : "hsqldb");
    }

    /** From now on, logs go to this file: emptied first when fresh, else added to. */
    static void writeTo(Path to, boolean fresh) {
        synchronized (LOCK) {
            try {
                if (writer != null) {
                    writer.close();
                }
                Files.createDirectories(to.getParent());
                writer = Files.newBufferedWriter(to, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                                                 fresh ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
                file = to;
                if (fresh) {
                    processLogs.clear();
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot write the test log " + to, e);
            }
        }
    }

    /** The file logs go to now, or null outside a test class. */
    static Path file() {
        synchronized (LOCK) {
            return file;
        }
    }

    /** A line of the test's own in the log (where each test begins), so the failure tail can start there. */
    static void mark(String line) {
        write(line + System.lineSeparator(), null);
    }

    /** A new file for the log of a server process the test class starts; its tail goes with a failure too. */
    static Path newProcessLog() {
        Path classLog = file();
        String name = classLog == null ? "process" : classLog.getFileName().toString().replaceFirst("\\.log$", "");
        Path log = (classLog == null ? folder() : classLog.getParent()).resolve(name + ".process-" + (processLogs.size() + 1) + ".log");
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        processLogs.add(log);
        return log;
    }

    /** The logs of the server processes this test class started, oldest first. */
    static List<Path> processLogs() {
        return List.copyOf(processLogs);
    }

    /** The last lines of a log, after the last line equal to {@code from} when there is one. */
    static List<String> tail(Path log, String from, int lines) {
        List<String> all;
        try {
            all = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
        int start = from == null ? -1 : all.lastIndexOf(from);
        List<String> since = new ArrayList<>(all.subList(start + 1, all.size()));
        return since.subList(Math.max(0, since.size() - lines), since.size());
    }

    @Override
    public void publish(LogRecord record) {
        if (isLoggable(record)) {
            write(getFormatter().format(record), console);
        }
    }

    private static void write(String text, PrintStream console) {
        synchronized (LOCK) {
            try {
                if (writer != null) {
                    writer.write(text);
                    writer.flush(); // a process killed mid-test still leaves its log behind
                } else if (console != null) {
                    console.print(text);
                    console.flush();
                }
            } catch (IOException e) {
                new ErrorManager().error("cannot write the test log " + file, e, ErrorManager.WRITE_FAILURE);
            }
        }
    }

    @Override
    public void flush() {
        // every record is flushed as it is written
    }

    @Override
    public void close() {
        // the file outlives this handler: logging set up again writes on where it left off
    }
}
