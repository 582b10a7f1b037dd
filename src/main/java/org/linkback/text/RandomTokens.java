package org.linkback.text;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable strings: status URLs, webhook message ids, owner tokens, sign-up claims. */
public final class RandomTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomTokens() {
    }

    /** {@code bytes} random bytes (8 bits of entropy each) as URL-safe base64 without padding. */
    public static String urlSafe(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
