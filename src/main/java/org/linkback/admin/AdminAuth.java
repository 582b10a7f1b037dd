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

import org.linkback.site.OwnerTokens;
import org.linkback.text.RandomTokens;

/**
 * Who may use the admin API and page, and as whom ({@link Access}): a request with
 * {@code Authorization: Bearer TOKEN} (the admin token, or a site's owner token), or a browser
 * holding the signed session cookie from signing in with one. Cookie requests that change
 * something must also carry the page's CSRF token. The admin token is compared in constant time;
 * an owner token is looked up by its hash ({@link OwnerTokens}), and a session naming one is good
 * only while that token is.
 */
final class AdminAuth {

    static final String COOKIE = "linkback_admin";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Duration SESSION = Duration.ofHours(12);
    private static final String ADMIN_SESSION = "admin";

    private final String token;
    private final OwnerTokens owners;
    private final boolean signup;
    private final boolean secureCookie;
    /** Signs sessions: the admin token (changing it ends every session), else a key of this process's own. */
    private final String signingKey;

    /**
     * @param token        the configured admin token; empty: no admin (the API and page then serve owners, when
     *                     sign-up can make some, and are off otherwise)
     * @param signup       whether sign-up is on (owners exist without an admin)
     * @param secureCookie true when the public URL is https, so the cookie is only ever sent over TLS
     */
    AdminAuth(String token, OwnerTokens owners, boolean signup, boolean secureCookie) {
        this.token = token == null ? "" : token;
        this.owners = owners;
        this.signup = signup;
        this.secureCookie = secureCookie;
        this.signingKey = this.token.isEmpty() ? RandomTokens.urlSafe(32) : this.token;
    }

    boolean enabled() {
        return !token.isEmpty() || signup;
    }

    /** Who a token (as given at sign-in or in a Bearer header) is: the admin, a site's owner, or nobody. */
    Optional<Access> holder(String candidate) {
        if (candidate == null) {
            return Optional.empty();
        }
        if (!token.isEmpty() && MessageDigest.isEqual(sha256(candidate), sha256(token))) {
            return Optional.of(Access.ADMIN);
        }
        return owners.owner(candidate).map(Access::owner);
    }

    /** Who the request is, when it may use the admin API at all. */
    Optional<Access> access(ServerRequest req) {
        if (!enabled()) {
            return Optional.empty();
        }
        Optional<String> bearer = req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7).strip());
        if (bearer.isPresent()) {
            return holder(bearer.get());
        }
        Optional<Session> session = session(req);
        if (session.isEmpty()) {
            return Optional.empty();
        }
        if (req.prologue().method() == Method.GET || req.prologue().method() == Method.HEAD) {
            return Optional.of(session.get().access());
        }
        boolean csrf = req.headers().first(HeaderNames.create(CSRF_HEADER))
                .map(given -> MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                                                    csrfToken(session.get().value()).getBytes(StandardCharsets.UTF_8)))
                .orElse(false);
        return csrf ? Optional.of(session.get().access()) : Optional.empty();
    }

    /** A signed-in browser: its cookie's value, and who signed in. */
    record Session(String value, Access access) {
    }

    /** The valid session of a signed-in browser (an owner's only while their token is valid). */
    Optional<Session> session(ServerRequest req) {
        if (!enabled()) {
            return Optional.empty();
        }
        return req.headers().cookies().first(COOKIE).asOptional().flatMap(value -> validSession(value)
                .map(access -> new Session(value, access)));
    }

    /** A new session cookie for whoever signed in. */
    SetCookie newSession(Access who) {
        long expires = Instant.now().plus(SESSION).getEpochSecond();
        String subject = who.admin() ? ADMIN_SESSION : String.valueOf(who.tokenId());
        String value = expires + "." + subject + "." + sign("session:" + expires + ":" + subject);
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

    /** Who a session cookie's value names, if it is signed, not expired, and (an owner's) its token still valid. */
    private Optional<Access> validSession(String value) {
        String[] parts = value.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            long expires = Long.parseLong(parts[0]);
            boolean signed = MessageDigest.isEqual(parts[2].getBytes(StandardCharsets.UTF_8),
                                                   sign("session:" + expires + ":" + parts[1]).getBytes(StandardCharsets.UTF_8));
            if (!signed || Instant.now().getEpochSecond() >= expires) {
                return Optional.empty();
            }
            if (parts[1].equals(ADMIN_SESSION)) {
                return token.isEmpty() ? Optional.empty() : Optional.of(Access.ADMIN);
            }
            return owners.owner(Long.parseLong(parts[1])).map(Access::owner);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** HMAC-SHA256 keyed with the admin token (or this process's key when there is none). */
    private String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
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
