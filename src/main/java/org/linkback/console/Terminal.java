package org.linkback.console;

import java.io.Console;

/** Whether a person watches: standard output is a terminal. */
public final class Terminal {

    private Terminal() {
    }

    /**
     * Since JDK 22 {@code System.console()} exists even when the output goes to a file or a pipe,
     * and {@code Console.isTerminal()} says which (read by reflection: the code is built for Java
     * 21, where no console means no terminal).
     */
    public static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
