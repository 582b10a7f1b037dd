package org.linkback.admin;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.SetCookie;
import io.helidon.webserver.http.ServerRequest;

/**
 * Who may use the admin API and page: a request with {@code Authorization: Bearer TOKEN}, or a
 * browser holding the signed session cookie from signing in with the token. Cookie requests that
 * change something must also carry the page's CSRF token. All comparisons are constant-time.
 */
final class AdminAuth {

    static final String COOKIE = "linkback_admin";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Duration SESSION = Duration.ofHours(12);

    private final String token;
    private final boolean secureCookie;

    /**
     * @param token        the configured admin token; empty disables the admin API and page
     * @param secureCookie true when the public URL is https, so the cookie is only ever sent over TLS
     */
    AdminAuth(String token, boolean secureCookie) {
        this.token = token == null ? "" : token;
        this.secureCookie = secureCookie;
    }

    boolean enabled() {
        return !token.isEmpty();
    }

    /** True when the given token is the admin token. */
    boolean tokenMatches(String candidate) {
        return enabled() && candidate != null && MessageDigest.isEqual(sha256(candidate), sha256(token));
    }

    /** Whether the request may use the admin API. */
    boolean allows(ServerRequest req) {
        if (!enabled()) {
            return false;
        }
        Optional<String> bearer = req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7).strip());
        if (bearer.isPresent()) {
            return tokenMatches(bearer.get());
        }
        Optional<String> session = session(req);
        if (session.isEmpty()) {
            return false;
        }
        if (req.prologue().method() == Method.GET || req.prologue().method() == Method.HEAD) {
            return true;
        }
        return req.headers().first(HeaderNames.create(CSRF_HEADER))
                .map(csrf -> MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                                                   csrfToken(session.get()).getBytes(StandardCharsets.UTF_8)))
                .orElse(false);
    }

    /** The valid session cookie value of a signed-in browser. */
    Optional<String> session(ServerRequest req) {
        if (!enabled()) {
            return Optional.empty();
        }
        return req.headers().cookies().first(COOKIE).asOptional().filter(this::validSession);
    }

    /** A new session cookie, after the token was given at sign-in. */
    SetCookie newSession() {
        long expires = Instant.now().plus(SESSION).getEpochSecond();
        String value = expires + "." + sign("session:" + expires);
        return SetCookie.builder(COOKIE, value)
                .path("/admin")
                .httpOnly(true)
                .secure(secureCookie)
                .sameSite(SetCookie.SameSite.STRICT)
                .maxAge(SESSION)
                .build();
    }

    SetCookie endSession() {
        return SetCookie.builder(COOKIE, "")
                .path("/admin")
                .httpOnly(true)
                .secure(secureCookie)
                .sameSite(SetCookie.SameSite.STRICT)
                .maxAge(Duration.ZERO)
                .build();
    }

    /** The CSRF token the page sends back with every change; bound to the session. */
    String csrfToken(String session) {
        return sign("csrf:" + session);
    }

    private boolean validSession(String value) {
        int dot = value.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        try {
            long expires = Long.parseLong(value.substring(0, dot));
            boolean signed = MessageDigest.isEqual(value.substring(dot + 1).getBytes(StandardCharsets.UTF_8),
                                                   sign("session:" + expires).getBytes(StandardCharsets.UTF_8));
            return signed && Instant.now().getEpochSecond() < expires;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** HMAC-SHA256 keyed with the admin token: changing the token ends every session. */
    private String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
