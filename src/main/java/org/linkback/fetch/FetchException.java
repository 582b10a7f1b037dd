package org.linkback.fetch;

/**
 * A fetch that produced no HTTP answer we could use.
 */
public class FetchException extends RuntimeException {

    public enum Failure {
        /** Not http(s), or no host. */
        BAD_URL,
        /** DNS has no answer for the host. */
        UNKNOWN_HOST,
        /** Private, loopback, link-local or reserved address while those are refused. */
        FORBIDDEN_ADDRESS,
        /** Connection refused or reset. */
        UNREACHABLE,
        /** Connect or read took too long. */
        TIMEOUT,
        /** The TLS handshake failed: an untrusted certificate, or one for another host. */
        TLS,
        /** More redirects than {@code max-redirects}, or a redirect without a usable Location. */
        BAD_REDIRECT,
        /** The server's answer is not valid HTTP (or uses a content coding we cannot decode). */
        BAD_ANSWER,
        /** The address connected to is on the blocklist. */
        BLOCKED;

        /** Worth trying again later. */
        public boolean isTransient() {
            return this == UNREACHABLE || this == TIMEOUT;
        }
    }

    private final Failure failure;

    public FetchException(Failure failure, String message) {
        super(message, null, false, false);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
