package org.linkback;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.helidon.logging.common.LogConfig;

import org.linkback.config.LinkbackConfig;
import org.linkback.console.Progress;
import org.linkback.send.SendCommand;
import org.linkback.transfer.TransferCommand;

/**
 * Command line: {@code serve}, {@code send}, {@code export} and {@code import} (see docs/deployment.md, "Commands").
 */
public final class Main {

    private static final String DEFAULT_CONFIG = "conf/linkback.yaml";

    private Main() {
    }

    public static void main(String[] args) {
        List<String> words = Arrays.asList(args);
        String command = words.isEmpty() ? "" : words.getFirst();
        // an export's standard output is its data, an import's its report: the log (which the
        // console handler writes to the standard output it finds when it is set up) goes to
        // standard error instead
        PrintStream data = System.out;
        if (command.equals("export") || command.equals("import")) {
            System.setOut(System.err);
        }
        LogConfig.configureRuntime();
        switch (command) {
            case "serve" -> serve(configPath(words));
            case "send" -> send(configPath(words), words);
            case "export" -> export(configPath(words), words, data);
            case "import" -> importFile(configPath(words), words, data);
            default -> {
                System.err.println("usage: linkback serve [--config FILE] | send SOURCE_URL [--config FILE] "
                                   + "| export [--all] [--audit] [--site NAME] [--config FILE] | import FILE [--from wordpress|webmention.io] [--config FILE]");
                System.exit(2);
            }
        }
    }

    private static void serve(Path config) {
        if (!Files.isReadable(config)) {
            System.err.println("linkback: cannot read the configuration file " + config);
            System.exit(2);
        }
        LinkbackServer server;
        try {
            server = LinkbackServer.start(LinkbackConfig.load(config));
        } catch (RuntimeException e) {
            System.err.println("linkback: could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    }

    private static void send(Path config, List<String> words) {
        List<String> rest = new ArrayList<>(withoutOption(words.subList(1, words.size()), "--config"));
        boolean wait = !rest.remove("--no-wait");
        if (rest.size() != 1) {
            exitWithUsage("send SOURCE_URL [--no-wait] [--config FILE]");
        }
        // the links' lines on standard output as each completes; the progress on standard error
        Progress progress = Progress.start("send", "links", -1);
        SendCommand.Output output = new SendCommand.Output(wait, System.out::println, (done, all) -> {
            progress.total(all);
            progress.stepBy(done - progress.done());
        });
        SendCommand.Result result = SendCommand.run(LinkbackConfig.load(readable(config)), rest.getFirst(), output);
        progress.close();
        if (result.exitStatus() == 2) {
            System.err.println(String.join("\n", result.lines())); // an error before any link: not printed yet
        }
        System.exit(result.exitStatus());
    }

    private static void export(Path config, List<String> words, PrintStream data) {
        List<String> rest = withoutOption(words.subList(1, words.size()), "--config");
        Optional<String> site = option(rest, "--site");
        List<String> flags = withoutOption(rest, "--site");
        boolean all = flags.remove("--all");
        boolean audit = flags.remove("--audit");
        if (!flags.isEmpty() || (rest.contains("--site") && site.isEmpty())) {
            exitWithUsage("export [--all] [--audit] [--site NAME] [--config FILE] > FILE");
        }
        TransferCommand.Result result;
        try (Progress progress = Progress.start("export", "rows", -1)) {
            result = TransferCommand.export(LinkbackConfig.load(readable(config)), site, all, audit, data, progress);
        }
        System.err.println(String.join("\n", result.lines())); // the data is the standard output
        System.exit(result.exitStatus());
    }

    private static void importFile(Path config, List<String> words, PrintStream report) {
        List<String> rest = withoutOption(words.subList(1, words.size()), "--config");
        Optional<String> from = option(rest, "--from");
        List<String> files = withoutOption(rest, "--from");
        if (files.size() != 1 || (rest.contains("--from") && from.isEmpty())) {
            exitWithUsage("import FILE [--from wordpress|webmention.io] [--config FILE]   (FILE as written by export, a WordPress "
                          + "export file or webmention.io's mentions.jf2; - reads standard input)");
        }
        TransferCommand.Result result;
        try (Progress progress = Progress.start("import", "lines", -1)) {
            result = TransferCommand.importFile(LinkbackConfig.load(readable(config)), files.getFirst(), from, progress);
        }
        (result.exitStatus() == 2 ? System.err : report).println(String.join("\n", result.lines()));
        System.exit(result.exitStatus());
    }

    /** The words without an option and its value. */
    private static List<String> withoutOption(List<String> words, String name) {
        List<String> rest = new ArrayList<>(words);
        int at = rest.indexOf(name);
        if (at >= 0) {
            rest.subList(at, Math.min(at + 2, rest.size())).clear();
        }
        return rest;
    }

    private static Optional<String> option(List<String> words, String name) {
        int at = words.indexOf(name);
        return at >= 0 && at + 1 < words.size() ? Optional.of(words.get(at + 1)) : Optional.empty();
    }

    private static Path readable(Path config) {
        if (!Files.isReadable(config)) {
            System.err.println("linkback: cannot read the configuration file " + config);
            System.exit(2);
        }
        return config;
    }

    private static void exitWithUsage(String usage) {
        System.err.println("usage: linkback " + usage);
        System.exit(2);
    }

    private static Path configPath(List<String> words) {
        int at = words.indexOf("--config");
        if (at >= 0 && at + 1 < words.size()) {
            return Path.of(words.get(at + 1));
        }
        return Path.of(DEFAULT_CONFIG);
    }
}
