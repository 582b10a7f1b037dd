package org.linkback.send;

/**
 * A notification that did not go through, with what the other side answered.
 *
 * @see #isTransient()
 */
final class SendFailure extends RuntimeException {

    private final boolean transientFailure;
    private final Integer httpStatus;
    private final Integer faultCode;

    SendFailure(String message, boolean transientFailure, Integer httpStatus, Integer faultCode) {
        super(message, null, false, false);
        this.transientFailure = transientFailure;
        this.httpStatus = httpStatus;
        this.faultCode = faultCode;
    }

    /** Worth trying again later: a timeout, a refused connection, a 5xx or 429, pingback fault 50. */
    boolean isTransient() {
        return transientFailure;
    }

    Integer httpStatus() {
        return httpStatus;
    }

    Integer faultCode() {
        return faultCode;
    }

    /** A failure of an HTTP answer: 5xx and 429 are worth retrying, other statuses are final. */
    static SendFailure ofStatus(String what, int status) {
        return new SendFailure(what + " answered " + status, status >= 500 || status == 429, status, null);
    }
}
