package org.linkback.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that fails, instead of silently ending, once it passes its limit,
 * so an oversized request gets an error rather than a half-read body.
 */
public final class LimitedInputStream extends FilterInputStream {

    /** Thrown when the body is larger than allowed. */
    public static final class TooLargeException extends IOException {
        public TooLargeException(long limit) {
            super("request body larger than " + limit + " bytes");
        }
    }

    private final long limit;
    private long count;

    public LimitedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, (int) Math.min(length, limit - count + 1));
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) throws TooLargeException {
        count += n;
        if (count > limit) {
            throw new TooLargeException(limit);
        }
    }
}
