package org.linkback.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The unique key of a (source, target) pair of URLs: the SHA-256 of both, in hex.
 *
 * <p>A unique key on the two URLs themselves (up to 2,048 characters each) does not fit in a
 * PostgreSQL B-tree entry (about 2,700 bytes), so the key is on this fixed 64-character hash,
 * and lookups compare the URLs too on a hash hit.
 */
public final class PairKey {

    private PairKey() {
    }

    public static String of(String source, String target) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            // a line break cannot occur in a URL, so no two pairs give the same text
            return HexFormat.of().formatHex(sha256.digest((source + "\n" + target).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
