package org.linkback.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The defaults live in one place, the configuration records; the shipped {@code conf/linkback.yaml}
 * and the key table of {@code docs/configuration.md} (the configuration page the README links to)
 * must say the same, and that page's advice on environment variables must work.
 */
class ConfigDefaultsTest {

    /** The configuration page: its table lists every key with its default. */
    private static final Path CONFIGURATION_PAGE = Path.of("docs", "configuration.md");

    /** A row of its key table: | `linkback.some.key` | `value` | meaning | */
    private static final Pattern ROW = Pattern.compile("^\\| `(linkback\\.[a-z.-]+)` \\| `([^`]*)` \\|");

    private static LinkbackConfig defaults() {
        return LinkbackConfig.from(Config.builder()
                                           .disableEnvironmentVariablesSource()
                                           .disableSystemPropertiesSource()
                                           .addSource(ConfigSources.create(Map.of()))
                                           .build());
    }

    /** Every section that has defaults, side by side. */
    private static void assertSameDefaults(LinkbackConfig expected, LinkbackConfig actual, String where) {
        assertEquals(expected.publicUrl(), actual.publicUrl(), where + ": public-url");
        assertEquals(expected.database(), actual.database(), where + ": database");
        assertEquals(expected.fetch(), actual.fetch(), where + ": fetch");
        assertEquals(expected.moderation(), actual.moderation(), where + ": moderation");
        assertEquals(expected.limits(), actual.limits(), where + ": limits");
        assertEquals(expected.queue(), actual.queue(), where + ": queue");
        assertEquals(expected.send(), actual.send(), where + ": send");
        assertEquals(expected.sweepInterval(), actual.sweepInterval(), where + ": sweep");
        assertEquals(expected.widgetMaxAge(), actual.widgetMaxAge(), where + ": widget");
        assertEquals(expected.widgetAvatars(), actual.widgetAvatars(), where + ": widget avatars");
        assertEquals(expected.trustedProxies(), actual.trustedProxies(), where + ": trusted-proxies");
        assertEquals(expected.adminToken(), actual.adminToken(), where + ": admin token");
        assertEquals(expected.signup(), actual.signup(), where + ": signup");
        assertEquals(expected.fediverse(), actual.fediverse(), where + ": fediverse");
        assertEquals(expected.mail(), actual.mail(), where + ": mail");
    }

    @Test
    void theShippedConfigurationStatesTheDefaults() {
        LinkbackConfig shipped = LinkbackConfig.from(Config.builder()
                                                             .disableEnvironmentVariablesSource()
                                                             .disableSystemPropertiesSource()
                                                             .addSource(ConfigSources.file(Path.of("conf/linkback.yaml")))
                                                             .build());
        assertSameDefaults(defaults(), shipped, "conf/linkback.yaml");
    }

    @Test
    void theConfigurationPageTableStatesTheDefaults() throws IOException {
        Map<String, String> table = new LinkedHashMap<>();
        for (String line : Files.readAllLines(CONFIGURATION_PAGE)) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                table.put(row.group(1), row.group(2));
            }
        }
        for (String key : List.of("linkback.public-url", "linkback.database.url", "linkback.fetch.connect-timeout-ms",
                                  "linkback.fetch.read-timeout-ms", "linkback.fetch.max-bytes", "linkback.fetch.max-redirects",
                                  "linkback.fetch.allow-private-addresses", "linkback.moderation.default",
                                  "linkback.moderation.spam-threshold", "linkback.moderation.hold-threshold",
                                  "linkback.moderation.audit-retention-days", "linkback.limits.pings-per-minute-per-ip",
                                  "linkback.limits.xmlrpc-max-bytes", "linkback.widget.max-age-seconds", "linkback.widget.avatars",
                                  "linkback.queue.poll-ms", "linkback.queue.workers", "linkback.queue.lease-ms",
                                  "linkback.queue.retry-base-ms", "linkback.queue.retry-max-ms", "linkback.queue.max-attempts",
                                  "linkback.send.per-host-interval-ms", "linkback.send.include-same-site",
                                  "linkback.send.feed-poll-ms", "linkback.fetch.max-concurrent", "linkback.fetch.max-per-host",
                                  "linkback.limits.pings-per-minute-per-source-host", "linkback.limits.pings-per-minute-per-target",
                                  "linkback.sweep.interval-ms", "linkback.limits.header-timeout-ms",
                                  "linkback.fetch.per-host-interval-ms", "linkback.limits.requests-per-minute-per-ip",
                                  "linkback.fediverse.inbox-max-bytes", "linkback.fediverse.activities-per-minute-per-host",
                                  "linkback.fediverse.delivery-workers", "linkback.moderation.learned-min-examples",
                                  "linkback.moderation.list-refresh-minutes", "linkback.mail.host", "linkback.mail.port",
                                  "linkback.mail.starttls", "linkback.mail.tls", "linkback.mail.from", "linkback.mail.admin",
                                  "linkback.mail.digest-at")) {
            assertTrue(table.containsKey(key), "the table of docs/configuration.md lists " + key + " with its default");
        }
        LinkbackConfig documented = LinkbackConfig.from(Config.builder()
                                                            .disableEnvironmentVariablesSource()
                                                            .disableSystemPropertiesSource()
                                                            .addSource(ConfigSources.create(table))
                                                            .build());
        assertSameDefaults(defaults(), documented, "docs/configuration.md");
    }

    @Test
    void environmentVariablesSpellDashesAsDash() throws Exception {
        Path file = Files.createTempFile("linkback", ".yaml");
        Files.writeString(file, "linkback:\n  public-url: http://from.file\n  fetch:\n    max-bytes: 1000\n");

        String out = runWithEnvironment(file, Map.of("LINKBACK_PUBLIC_dash_URL", "https://from.environment",
                                                     "LINKBACK_FETCH_MAX_dash_BYTES", "2000"));

        assertTrue(out.contains("public-url=https://from.environment"), out);
        assertTrue(out.contains("max-bytes=2000"), out);
    }

    @Test
    void doubleUnderscoresAreNotADash() throws Exception {
        // The old advice in conf/linkback.yaml: Helidon ignores such names.
        Path file = Files.createTempFile("linkback", ".yaml");
        Files.writeString(file, "linkback:\n  public-url: http://from.file\n");

        String out = runWithEnvironment(file, Map.of("LINKBACK_PUBLIC__URL", "https://ignored.example"));

        assertTrue(out.contains("public-url=http://from.file"), out);
    }

    private static String runWithEnvironment(Path file, Map<String, String> environment) throws Exception {
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                                  "-cp", System.getProperty("java.class.path"),
                                                  PrintConfig.class.getName(), file.toString())
                .redirectErrorStream(true);
        child.environment().putAll(environment);
        Process process = child.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child process ends");
        assertEquals(0, process.exitValue(), out);
        return out;
    }
}
