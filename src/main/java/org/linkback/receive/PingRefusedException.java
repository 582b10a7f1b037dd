package org.linkback.receive;

/**
 * A ping we refuse, with a reason a remote blogger can read.
 */
public class PingRefusedException extends RuntimeException {

    private final Refusal refusal;

    public PingRefusedException(Refusal refusal, String message) {
        super(message, null, false, false);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
