package org.linkback.http;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;

/**
 * Closes the connection after the answer when the client sent {@code Connection: close}.
 *
 * <p>Helidon 4.5.0 answers such a request with {@code Connection: close} but then waits for
 * another request on the same connection (helidon-io/helidon#12324, fixed in later 4.5 releases
 * that Maven Central does not fully serve here). Clients that read the answer until the
 * connection closes, as WordPress's HTTP library does without cURL, then wait until their own
 * time-out and count the ping as failed. Throwing {@link CloseConnectionException} after the
 * answer is sent is Helidon's documented way for a filter to end the connection.
 */
public final class ConnectionClose {

    private ConnectionClose() {
    }

    public static Filter whenAsked() {
        return (chain, req, res) -> {
            chain.proceed();
            if (req.headers().containsToken(HeaderValues.CONNECTION_CLOSE)) {
                if (!res.isSent()) {
                    res.send(); // an answer still in the making (e.g. a status without body): send it first
                }
                throw new CloseConnectionException("the client asked to close the connection");
            }
        };
    }
}
