package org.linkback;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./linkback --help} lists every command and flag, and {@code COMMAND --help} that command's, without Java. */
class LauncherHelpTest {

    private static String[] run(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", "linkback"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return new String[] {String.valueOf(process.exitValue()), out};
    }

    @Test
    void helpListsEveryCommandAndFlag() throws Exception {
        String[] help = run("--help");
        assertEquals("0", help[0], help[1]);
        for (String word : List.of("serve", "send SOURCE_URL", "--no-wait", "export", "--all", "--audit", "--site NAME", "import FILE",
                                   "--from wordpress", "webmention.io", "test", "build", "bench", "--config FILE")) {
            assertTrue(help[1].contains(word), word + " in " + help[1]);
        }
    }

    @Test
    void aCommandsHelpIsThatCommandsOnly() throws Exception {
        String[] send = run("send", "--help");
        assertEquals("0", send[0], send[1]);
        assertTrue(send[1].contains("--no-wait") && !send[1].contains("--audit"), send[1]);
        assertEquals("2", run("nonsense", "--help")[0], "an unknown command: the usage, status 2");
    }
}
