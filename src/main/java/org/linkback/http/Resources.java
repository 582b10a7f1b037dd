package org.linkback.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Files shipped inside the jar (pages, scripts).
 */
public final class Resources {

    private Resources() {
    }

    /** The bytes of a class-path resource; fails loudly if the build left it out. */
    public static byte[] bytes(String name) {
        try (InputStream in = Resources.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
