package org.linkback.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real command line entry point ({@code Main serve}) in a JVM of its own: a second process, or one to kill -9. */
public final class ServerProcess {

    private static final Pattern PORT = Pattern.compile("on port (\\d+)");

    private ServerProcess() {
    }

    /** Starts {@code serve --config config}; its output is read by {@link #portOf}. */
    public static Process start(Path config) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.linkback.Main",
                                  "serve", "--config", config.toString())
                .redirectErrorStream(true)
                .start();
    }

    /** Reads the server's log until it says which port it serves on, then keeps draining it. */
    public static int portOf(Process process) throws IOException {
        var reader = process.inputReader();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String line;
        while (System.nanoTime() < deadline && (line = reader.readLine()) != null) {
            Matcher m = PORT.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> reader.lines().forEach(l -> { }));
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the server did not start");
    }
}
