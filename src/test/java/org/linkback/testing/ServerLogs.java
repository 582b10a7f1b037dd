package org.linkback.testing;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Every test class's server logs in a file of its own ({@link ServerLog}), and a failing test's
 * last {@value #TAIL} lines of them in its failure: of the class's log since the test began, and
 * of each server process the test started. Registered for every test by
 * {@code META-INF/services} (autodetection is on in {@code junit-platform.properties}).
 */
public final class ServerLogs implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, TestExecutionExceptionHandler,
                                         LifecycleMethodExecutionExceptionHandler {

    static final int TAIL = 60;
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ServerLogs.class);
    /** The class logs open: a nested class's runs inside its outer one's. */
    private static final Deque<Path> classLogs = new ArrayDeque<>();

    /** The server log's lines, in a failure's suppressed exceptions. */
    static final class ServerLogTail extends Exception {
        ServerLogTail(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Path log = ServerLog.folder().resolve(context.getRequiredTestClass().getName() + ".log");
        synchronized (classLogs) {
            classLogs.push(log);
        }
        ServerLog.writeTo(log, true);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        synchronized (classLogs) {
            classLogs.pop();
            if (!classLogs.isEmpty()) {
                ServerLog.writeTo(classLogs.peek(), false); // back to the outer class's log
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ServerLog.mark(marker(context));
        context.getStore(NAMESPACE).put("processes", ServerLog.processLogs().size());
    }

    private static String marker(ExtensionContext context) {
        return "===== " + context.getRequiredTestClass().getSimpleName() + " " + context.getDisplayName() + " =====";
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        int processesBefore = context.getStore(NAMESPACE).getOrDefault("processes", Integer.class, 0);
        throw withTails(failure, marker(context), processesBefore);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withTails(failure, null, 0);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        handleTestExecutionException(context, failure);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        handleTestExecutionException(context, failure);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withTails(failure, null, 0);
    }

    /** The failure, with the tail of the class's log (from the test's marker on) and of each process log since. */
    private static Throwable withTails(Throwable failure, String marker, int processesBefore) {
        Path classLog = ServerLog.file();
        if (classLog != null) {
            addTail(failure, classLog, marker);
        }
        List<Path> processes = ServerLog.processLogs();
        processes.subList(Math.min(processesBefore, processes.size()), processes.size()).forEach(log -> addTail(failure, log, null));
        return failure;
    }

    private static void addTail(Throwable failure, Path log, String marker) {
        List<String> lines = ServerLog.tail(log, marker, TAIL);
        if (!lines.isEmpty()) { // a test of servers in processes only logs nothing here
            failure.addSuppressed(new ServerLogTail("the last " + lines.size() + " lines of the server log " + log + ":"
                                                    + System.lineSeparator() + String.join(System.lineSeparator(), lines)));
        }
    }
}
