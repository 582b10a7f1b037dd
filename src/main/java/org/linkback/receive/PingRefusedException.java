package org.linkback.receive;

import java.time.Duration;

/**
 * A ping we refuse, with a reason a remote blogger can read.
 */
public class PingRefusedException extends RuntimeException {

    private final Refusal refusal;
    private final Duration retryAfter;
    private final String detail;

    public PingRefusedException(Refusal refusal, String message) {
        this(refusal, message, Duration.ZERO);
    }

    /** A refusal that a sender may try again after a while (rate limits): what Retry-After says. */
    public PingRefusedException(Refusal refusal, String message, Duration retryAfter) {
        this(refusal, message, retryAfter, null);
    }

    /**
     * @param message what the sender is told
     * @param detail  what only the log, the audit and the admin see (e.g. why a fetch failed:
     *                DNS and address details must not be reflected to whoever asked), or null
     */
    public PingRefusedException(Refusal refusal, String message, Duration retryAfter, String detail) {
        super(message, null, false, false);
        this.refusal = refusal;
        this.retryAfter = retryAfter;
        this.detail = detail;
    }

    /** The message with the private detail, for the log, the audit log and the admin. */
    public String fullMessage() {
        return detail == null ? getMessage() : getMessage() + " (" + detail + ")";
    }

    /** How long the sender should wait before trying again; zero when waiting does not help. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public Refusal refusal() {
        return refusal;
    }
}
