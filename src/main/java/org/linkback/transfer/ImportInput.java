package org.linkback.transfer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.linkback.config.Sites;

/** What an import is given: a file or standard input ({@code -}), and a foreign export turned into our lines. */
final class ImportInput {

    private ImportInput() {
    }

    static String text(String file) throws IOException {
        return file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                : Files.readString(Path.of(file), StandardCharsets.UTF_8);
    }

    /** {@code from} is wordpress (a WXR file) or webmention.io (its JSON). */
    static ForeignBacklinks.Converted converted(String text, String from, Sites sites) throws IOException {
        return from.equals("wordpress") ? ForeignBacklinks.fromWordPress(text, sites)
                : ForeignBacklinks.fromWebmentionIo(Export.JSON.readTree(text), sites);
    }
}
