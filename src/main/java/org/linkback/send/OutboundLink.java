package org.linkback.send;

import java.time.Instant;

/**
 * One link of one of our articles and what became of notifying it.
 *
 * @param protocol   the protocol found, or null (none found, or not looked yet)
 * @param endpoint   where the notification went, or null
 * @param outcome    sent, no-endpoint, failed or pending-retry
 * @param httpStatus the endpoint's (or the target's) last HTTP status, or null
 * @param faultCode  the last pingback fault code, or null
 * @param message    what the last attempt said
 * @param linked     false once the article no longer links to the target
 */
public record OutboundLink(long id, String source, String target, String site, Protocol protocol, String endpoint,
                           Outcome outcome, int attempts, Integer httpStatus, Integer faultCode, String message,
                           boolean linked, Instant createdAt, Instant updatedAt, Instant sentAt) {

    /** What came of a link's notification. */
    public enum Outcome {
        SENT("sent"), NO_ENDPOINT("no-endpoint"), FAILED("failed"), PENDING_RETRY("pending-retry");

        private final String id;

        Outcome(String id) {
            this.id = id;
        }

        public String id() {
            return id;
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
