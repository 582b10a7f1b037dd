package org.linkback.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * axe-core, the accessibility engine behind Lighthouse's audit, injected into the page a real
 * browser shows. Installed from npm by {@code ./linkback test} ({@code npm ci} in src/test/a11y,
 * pinned by its lock file); without it the calling test is skipped and says why.
 */
public final class Axe {

    private static final Path SCRIPT = Path.of("src/test/a11y/node_modules/axe-core/axe.min.js");
    private static final Set<String> SERIOUS = Set.of("serious", "critical");

    private Axe() {
    }

    /** Skips the calling test, saying so, when axe-core is not installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isRegularFile(SCRIPT),
                               "SKIPPED: axe-core is not installed (npm ci in src/test/a11y; ./linkback test does it)");
    }

    /**
     * Runs the WCAG 2.0–2.2 A and AA rules (and axe's best practices) on the page as it is now,
     * shadow roots included, and describes each violation of impact serious or critical.
     */
    public static List<String> seriousViolations(WebDriver driver) {
        assumeInstalled();
        try {
            JavascriptExecutor js = (JavascriptExecutor) driver;
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
            js.executeScript(Files.readString(SCRIPT, StandardCharsets.UTF_8));
            Object answer = js.executeAsyncScript("""
                    var done = arguments[arguments.length - 1];
                    axe.run(document, { resultTypes: ['violations'],
                                        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })
                       .then(function (r) { done(JSON.stringify(r.violations)); })
                       .catch(function (e) { done(JSON.stringify({ error: String(e) })); });""");
            JsonNode violations = new ObjectMapper().readTree((String) answer);
            if (violations.has("error")) {
                throw new IllegalStateException("axe could not run: " + violations.get("error").asText());
            }
            List<String> serious = new ArrayList<>();
            for (JsonNode violation : violations) {
                if (SERIOUS.contains(violation.path("impact").asText())) {
                    List<String> where = new ArrayList<>();
                    violation.path("nodes").forEach(node -> where.add(node.path("target").toString() + " " + node.path("failureSummary").asText()));
                    serious.add(violation.path("id").asText() + " (" + violation.path("impact").asText() + "): "
                                + violation.path("help").asText() + " at " + where);
                }
            }
            return serious;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
