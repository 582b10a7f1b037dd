package org.linkback.send;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.linkback.fetch.Fetched;

/**
 * A notification that did not go through, with what the other side answered.
 *
 * @see #isTransient()
 */
final class SendFailure extends RuntimeException {

    private final boolean transientFailure;
    private final Integer httpStatus;
    private final Integer faultCode;
    private final Duration retryAfter;

    /**
     * WordPress's comment flood interval: it refuses a second comment (a pingback or TrackBack
     * too) from one address within 15 seconds, answering XML-RPC fault 429 or HTTP 429.
     */
    static final Duration FLOOD_WAIT = Duration.ofSeconds(15);
    /** A Retry-After longer than this is taken as this: a receiver cannot park our queue for days. */
    static final Duration LONGEST_WAIT = Duration.ofHours(6);

    SendFailure(String message, boolean transientFailure, Integer httpStatus, Integer faultCode) {
        this(message, transientFailure, httpStatus, faultCode, null);
    }

    SendFailure(String message, boolean transientFailure, Integer httpStatus, Integer faultCode, Duration retryAfter) {
        super(message, null, false, false);
        this.transientFailure = transientFailure;
        this.httpStatus = httpStatus;
        this.faultCode = faultCode;
        this.retryAfter = retryAfter;
    }

    /** How long the receiver asked us to wait before trying again, or null (then the queue's backoff). */
    Duration retryAfter() {
        return retryAfter;
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

    /**
     * A failure of an HTTP answer: 5xx and 429 are worth retrying, other statuses are final; with
     * the wait it asks for: its {@code Retry-After} on a 429 or 503 (seconds or a date; none, or
     * one already past, leaves the queue's backoff).
     */
    static SendFailure ofAnswer(String what, Fetched answer) {
        return ofAnswer(what, answer, false);
    }

    /** @param floodIsWordPress a bare 429 here is WordPress's flood answer (its TrackBack endpoint): wait its 15 s */
    static SendFailure ofAnswer(String what, Fetched answer, boolean floodIsWordPress) {
        int status = answer.status();
        Duration wait = status == 429 || status == 503 ? retryAfter(answer.header("Retry-After"), Instant.now()) : null;
        if (wait == null && status == 429 && floodIsWordPress) {
            wait = FLOOD_WAIT;
        }
        return new SendFailure(what + " answered " + status + (wait == null ? "" : "; asked to wait " + wait.toSeconds() + " s"),
                               status >= 500 || status == 429, status, null, wait);
    }

    /** A Retry-After header's wait (RFC 9110 10.2.3: delay-seconds or an HTTP-date), or null when absent or unreadable. */
    static Duration retryAfter(List<String> values, Instant now) {
        if (values.isEmpty()) {
            return null;
        }
        String value = values.getFirst().strip();
        Duration wait;
        if (value.matches("\\d+")) {
            wait = value.length() > 9 ? LONGEST_WAIT : Duration.ofSeconds(Long.parseLong(value));
        } else {
            try {
                wait = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (wait.compareTo(Duration.ofSeconds(1)) < 0) {
            return null; // now, or already past: no wait of its own, the queue's backoff applies
        }
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }
}
