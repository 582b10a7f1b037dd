package org.linkback.console;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without a terminal, progress is plain lines a log can keep: what was done, how fast, and the end. */
class ProgressTest {

    @Test
    void withoutATerminalTheEndIsOnePlainLineWithTheCountAndTheRate() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Progress progress = Progress.start("import", "lines", 200, out, false)) {
            for (int i = 0; i < 200; i++) {
                progress.step();
            }
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), "no line before a few seconds have passed, one at the end: " + text);
        assertTrue(text.matches("import: 200 lines of 200 \\(100 %\\), \\d+/s, in \\d+\\.\\d s\\R"), text);
        assertTrue(!text.contains("\r") && !text.contains("\u001b"), "nothing a log cannot show");
    }

    @Test
    void aLineOnTheWaySaysHowLongIsLeftWhenTheTotalIsKnown() {
        Progress progress = Progress.start("export", "rows", 1000, new PrintStream(new ByteArrayOutputStream()), false);
        progress.stepBy(250);
        String line = progress.line(false);
        assertTrue(line.startsWith("export: 250 rows of 1000 (25 %), "), line);
        assertTrue(line.matches(".*, about \\d+ s left"), line);
        assertTrue(Progress.start("export", "rows", -1, new PrintStream(new ByteArrayOutputStream()), false).line(false)
                           .matches("export: 0 rows, 0/s"), "no total: no time left");
    }

    @Test
    void nothingDoneSaysNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress.start("send", "links", -1, new PrintStream(bytes), false).close();
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }
}
