package org.linkback.receive;

import java.time.Duration;

/**
 * A ping we refuse, with a reason a remote blogger can read.
 */
public class PingRefusedException extends RuntimeException {

    private final Refusal refusal;
    private final Duration retryAfter;

    public PingRefusedException(Refusal refusal, String message) {
        this(refusal, message, Duration.ZERO);
    }

    /** A refusal that a sender may try again after a while (rate limits): what Retry-After says. */
    public PingRefusedException(Refusal refusal, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.refusal = refusal;
        this.retryAfter = retryAfter;
    }

    /** How long the sender should wait before trying again; zero when waiting does not help. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public Refusal refusal() {
        return refusal;
    }
}
