package org.linkback.receive;

import java.time.Duration;

import org.linkback.backlink.CheckFailure;
import org.linkback.backlink.Refusal;

/**
 * A ping we refuse, with a typed reason ({@link Refusal}) and words a remote blogger can read.
 */
public class PingRefusedException extends RuntimeException {

    private final Refusal refusal;
    private final Duration retryAfter;
    private final String detail;
    private final Integer httpStatus;

    public PingRefusedException(Refusal refusal, String message) {
        this(refusal, message, Duration.ZERO);
    }

    /** A refusal that a sender may try again after a while (rate limits): what Retry-After says. */
    public PingRefusedException(Refusal refusal, String message, Duration retryAfter) {
        this(refusal, message, retryAfter, null, null);
    }

    /**
     * @param message    what the sender is told
     * @param detail     what only the log, the audit and the admin see (e.g. why a fetch failed:
     *                   DNS and address details must not be reflected to whoever asked), or null
     * @param httpStatus the status the source or target answered, when that is the reason; else null
     */
    public PingRefusedException(Refusal refusal, String message, Duration retryAfter, String detail, Integer httpStatus) {
        super(message, null, false, false);
        this.refusal = refusal;
        this.retryAfter = retryAfter;
        this.detail = detail;
        this.httpStatus = httpStatus;
    }

    /** A refusal because the source or target answered {@code status}. */
    static PingRefusedException answered(Refusal refusal, String message, int status) {
        return new PingRefusedException(refusal, message, Duration.ZERO, null, status);
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

    /** The status the source or target answered, when that is why; else null. */
    public Integer httpStatus() {
        return httpStatus;
    }

    /** What a stored backlink's failed check keeps of it. */
    public CheckFailure asCheckFailure() {
        return new CheckFailure(refusal, httpStatus, fullMessage());
    }
}
