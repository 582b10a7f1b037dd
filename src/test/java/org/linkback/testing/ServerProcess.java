package org.linkback.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real command line entry point ({@code Main serve}) in a JVM of its own: a second process, or
 * one to kill -9. Its output (its log) goes to a file of its own ({@link ServerLog#newProcessLog}),
 * not to the console.
 */
public final class ServerProcess {

    /** The port in the server's start-up line, followed by more than digits (so the line was written whole). */
    private static final Pattern PORT = Pattern.compile("on port (\\d+)\\D");
    private static final Map<Long, Path> LOGS = new ConcurrentHashMap<>();

    private ServerProcess() {
    }

    /** Starts {@code serve --config config}; its log file is read by {@link #portOf}. */
    public static Process start(Path config) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = ServerLog.newProcessLog();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.linkback.Main",
                                             "serve", "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        LOGS.put(process.pid(), log);
        return process;
    }

    /** Reads the server's log until it says which port it serves on. */
    public static int portOf(Process process) throws IOException {
        Path log = LOGS.get(process.pid());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            Matcher m = PORT.matcher(text);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!process.isAlive()) {
                break;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("the server did not start (its log: " + log + ")");
    }
}
