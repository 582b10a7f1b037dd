package org.linkback.http;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/**
 * The small answers every endpoint gives: plain-text and JSON bodies, JSON errors, and reading
 * a numeric id from a path or query. One Jackson {@link ObjectMapper} serves the whole server.
 */
public final class Answers {

    /** The server's one JSON mapper (thread-safe once configured). */
    public static final ObjectMapper JSON = new ObjectMapper();

    private Answers() {
    }

    /** A one-line plain-text answer, for people and protocol clients (webmention reasons, feed errors). */
    public static void plain(ServerResponse res, Status status, String message) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.send(message + "\n");
    }

    /** A JSON answer. */
    public static void json(ServerResponse res, Status status, Object body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(bytes(body));
    }

    /** A JSON error answer: {@code {"error": message}}. */
    public static void jsonError(ServerResponse res, Status status, String message) {
        json(res, status, Map.of("error", message));
    }

    /** The JSON bytes of a value made of maps, lists, records of those, strings and numbers. */
    public static byte[] bytes(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** A non-negative whole number, or empty for anything else (ids, cursors, limits). */
    public static Optional<Long> id(String text) {
        if (text == null || text.isEmpty() || text.length() > 18 || !text.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text));
    }
}
