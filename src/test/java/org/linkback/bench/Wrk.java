package org.linkback.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's wrk, the load generator: a fixed number of connections for a fixed time, then its
 * numbers. Traffic goes to loopback only.
 */
final class Wrk {

    static final Path BINARY = Path.of("/usr/bin/wrk");

    private Wrk() {
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** What one run measured. {@code errors} counts non-2xx/3xx answers and socket errors; {@code extra} what a script printed. */
    record Result(double requestsPerSecond, double p50Ms, double p99Ms, long requests, long errors, String extra) {
        String line() {
            return "%,10.0f req/s   p50 %7.2f ms   p99 %7.2f ms   (%,d requests%s)".formatted(
                    requestsPerSecond, p50Ms, p99Ms, requests, errors > 0 ? ", " + errors + " errors" : "");
        }
    }

    /** Runs wrk with 2 threads against url; {@code script} is a Lua script or null. */
    static Result run(String url, int connections, int seconds, String script, String... headers) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "-t2", "-c" + connections, "-d" + seconds + "s", "--latency"));
        for (String header : headers) {
            command.add("-H");
            command.add(header);
        }
        if (script != null) {
            Path file = Files.createTempFile("linkback-bench", ".lua");
            Files.writeString(file, script);
            command.add("-s");
            command.add(file.toString());
        }
        command.add(url);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return parse(out);
    }

    static Result parse(String out) {
        double rps = number(out, "Requests/sec:\\s+([0-9.]+)");
        double p50 = millis(out, "50%\\s+([0-9.]+)(us|ms|s)");
        double p99 = millis(out, "99%\\s+([0-9.]+)(us|ms|s)");
        long requests = (long) number(out, "([0-9]+) requests in");
        long errors = (long) number(out, "Non-2xx or 3xx responses:\\s+([0-9]+)");
        Matcher socket = Pattern.compile("Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)").matcher(out);
        if (socket.find()) {
            for (int i = 1; i <= 4; i++) {
                errors += Long.parseLong(socket.group(i));
            }
        }
        StringBuilder extra = new StringBuilder();
        for (String line : out.split("\n")) {
            if (line.startsWith("script: ")) {
                extra.append(line.substring(8)).append('\n');
            }
        }
        if (rps == 0) {
            throw new IllegalStateException("wrk said: " + out);
        }
        return new Result(rps, p50, p99, requests, errors, extra.toString().strip());
    }

    private static double number(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static double millis(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        if (!m.find()) {
            return Double.NaN;
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }
}
