package org.linkback.send;

import java.time.Instant;

/**
 * One link of one of our articles and what became of notifying it.
 *
 * @param protocol   the protocol found, or null (none found, or not looked yet)
 * @param endpoint   where the notification went, or null
 * @param outcome    pending (queued, not tried yet), sent, no-endpoint, failed or pending-retry
 * @param httpStatus the endpoint's (or the target's) last HTTP status, or null
 * @param faultCode  the last pingback fault code, or null
 * @param message    what the last attempt said
 * @param linked     false once the article no longer links to the target
 * @param nextAttemptAt when its queued notification is due (pending, pending-retry), else null
 */
public record OutboundLink(long id, String source, String target, String site, Protocol protocol, String endpoint,
                           Outcome outcome, int attempts, Integer httpStatus, Integer faultCode, String message,
                           boolean linked, Instant createdAt, Instant updatedAt, Instant sentAt, Instant nextAttemptAt) {

    /** What came of a link's notification. */
    public enum Outcome {
        PENDING("pending"), SENT("sent"), NO_ENDPOINT("no-endpoint"), FAILED("failed"), PENDING_RETRY("pending-retry");

        private final String id;

        Outcome(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** Whether nothing more will happen to the link unless it is sent again. */
        public boolean settled() {
            return this != PENDING && this != PENDING_RETRY;
        }

        /** The outcome of this id; an unknown one (a newer export) counts as settled. */
        public static Outcome valueOfId(String id) {
            for (Outcome outcome : values()) {
                if (outcome.id.equals(id)) {
                    return outcome;
                }
            }
            return FAILED;
        }

        static Outcome fromId(String id) {
            for (Outcome outcome : values()) {
                if (outcome.id.equals(id)) {
                    return outcome;
                }
            }
            throw new IllegalArgumentException(id);
        }
    }
}
