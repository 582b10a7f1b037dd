package org.linkback;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.helidon.logging.common.LogConfig;

import org.linkback.config.LinkbackConfig;
import org.linkback.send.SendCommand;

/**
 * Command line: {@code serve [--config FILE]}.
 */
public final class Main {

    private static final String DEFAULT_CONFIG = "conf/linkback.yaml";

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        List<String> words = Arrays.asList(args);
        String command = words.isEmpty() ? "" : words.getFirst();
        switch (command) {
            case "serve" -> serve(configPath(words));
            case "send" -> send(configPath(words), words);
            default -> {
                System.err.println("usage: linkback serve [--config FILE] | send SOURCE_URL [--config FILE]");
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
        List<String> rest = new java.util.ArrayList<>(words.subList(1, words.size()));
        int at = rest.indexOf("--config");
        if (at >= 0) {
            rest.subList(at, Math.min(at + 2, rest.size())).clear();
        }
        if (rest.size() != 1) {
            System.err.println("usage: linkback send SOURCE_URL [--config FILE]");
            System.exit(2);
        }
        if (!Files.isReadable(config)) {
            System.err.println("linkback: cannot read the configuration file " + config);
            System.exit(2);
        }
        SendCommand.Result result = SendCommand.run(LinkbackConfig.load(config), rest.getFirst());
        (result.exitStatus() == 2 ? System.err : System.out).println(String.join("\n", result.lines()));
        System.exit(result.exitStatus());
    }

    private static Path configPath(List<String> words) {
        int at = words.indexOf("--config");
        if (at >= 0 && at + 1 < words.size()) {
            return Path.of(words.get(at + 1));
        }
        return Path.of(DEFAULT_CONFIG);
    }
}
