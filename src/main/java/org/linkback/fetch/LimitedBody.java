package org.linkback.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import org.apache.hc.core5.http.HttpEntity;

/**
 * A response body read to at most max-bytes, decoded (so a compression bomb stops at the limit),
 * and given up when the whole answer takes longer than the deadline.
 *
 * @param truncated more followed the limit
 */
record LimitedBody(byte[] bytes, boolean truncated) {

    private static final int CHUNK = 8192;

    /** @param deadline a {@link System#nanoTime()} */
    static LimitedBody read(HttpEntity entity, int limit, long deadline) throws IOException {
        if (entity == null) {
            return new LimitedBody(new byte[0], false);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = entity.getContent()) {
            while (out.size() < limit) {
                if (System.nanoTime() > deadline) {
                    throw new FetchException(FetchException.Failure.TIMEOUT, "the answer took too long");
                }
                int n = in.read(buffer, 0, Math.min(buffer.length, limit - out.size()));
                if (n < 0) {
                    return new LimitedBody(out.toByteArray(), false);
                }
                out.write(buffer, 0, n);
            }
            return new LimitedBody(out.toByteArray(), in.read() >= 0);
        }
    }
}
