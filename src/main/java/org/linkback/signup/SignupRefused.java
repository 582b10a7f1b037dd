package org.linkback.signup;

import java.util.Map;

/**
 * Why a claim could not be started or verified, with the HTTP status that says so and, for a
 * verification, what was found on the page.
 *
 * @param found what the page showed (its status, its address after redirects, the tokens it had), possibly empty
 */
public final class SignupRefused extends RuntimeException {

    private final int status;
    private final transient Map<String, Object> found;

    SignupRefused(int status, String message, Map<String, Object> found) {
        super(message);
        this.status = status;
        this.found = Map.copyOf(found);
    }

    SignupRefused(int status, String message) {
        this(status, message, Map.of());
    }

    public int status() {
        return status;
    }

    public Map<String, Object> found() {
        return found;
    }
}
