package org.linkback.config;

import java.nio.file.Path;

/**
 * Prints what a configuration file (plus this process's environment) makes of a few keys: run in
 * a child process by {@link ConfigDefaultsTest} to check environment-variable overrides.
 */
public final class PrintConfig {

    private PrintConfig() {
    }

    public static void main(String[] args) {
        LinkbackConfig config = LinkbackConfig.from(LinkbackConfig.load(Path.of(args[0])));
        System.out.println("public-url=" + config.publicUrl());
        System.out.println("max-bytes=" + config.fetch().maxBytes());
    }
}
