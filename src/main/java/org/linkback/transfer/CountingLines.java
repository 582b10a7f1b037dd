package org.linkback.transfer;

import java.io.BufferedReader;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.linkback.console.Progress;

/** Lines written or read, counted into a command's {@link Progress}. */
final class CountingLines extends FilterOutputStream {

    private final Progress progress;

    CountingLines(OutputStream out, Progress progress) {
        super(out);
        this.progress = progress;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        if (b == '\n') {
            progress.step();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len); // in one piece, not byte by byte as FilterOutputStream would
        int lines = 0;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                lines++;
            }
        }
        if (lines > 0) {
            progress.stepBy(lines);
        }
    }

    /** The lines of a file (a quick pass over its bytes), so that a bar knows the total. */
    static long in(Path file) {
        long lines = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        } catch (IOException e) {
            return -1; // unknown: the bar shows the count and the rate
        }
        return lines;
    }

    /** A reader that counts each line it hands out. */
    static final class Reader extends BufferedReader {

        private final Progress progress;

        Reader(java.io.Reader in, Progress progress) {
            super(in, 1 << 16);
            this.progress = progress;
        }

        @Override
        public String readLine() throws IOException {
            String line = super.readLine();
            if (line != null) {
                progress.step();
            }
            return line;
        }
    }
}
