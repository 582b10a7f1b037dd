package org.linkback.fetch;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.MalformedChunkCodingException;
import org.apache.hc.core5.http.ProtocolException;

/** Names what went wrong in a fetch, by the first cause that says, so the caller can tell a timeout from a refusal. */
final class FetchFailures {

    private FetchFailures() {
    }

    static FetchException classify(Exception e, URI url) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FetchException fe) {
                return fe;
            }
            if (t instanceof InterruptedIOException) { // SocketTimeoutException, ConnectTimeoutException
                return new FetchException(FetchException.Failure.TIMEOUT, "timed out fetching " + url);
            }
            if (t instanceof UnknownHostException) {
                return new FetchException(FetchException.Failure.UNKNOWN_HOST, "unknown host " + url.getHost());
            }
            if (t instanceof SSLException) {
                return new FetchException(FetchException.Failure.TLS, "TLS failed for " + url.getHost() + ": " + t.getMessage());
            }
            if (t instanceof ConnectException) {
                return new FetchException(FetchException.Failure.UNREACHABLE, "connection refused by " + url.getHost());
            }
            if (t instanceof ConnectionClosedException || t instanceof MalformedChunkCodingException
                    || t instanceof SocketException) {
                return new FetchException(FetchException.Failure.UNREACHABLE,
                                          "the connection to " + url.getHost() + " broke before the answer was complete");
            }
            if (t instanceof ProtocolException || t instanceof HttpException) {
                return new FetchException(FetchException.Failure.BAD_ANSWER,
                                          url.getHost() + " sent an answer that is not valid HTTP: " + t.getMessage());
            }
        }
        return new FetchException(FetchException.Failure.UNREACHABLE, "could not fetch " + url + ": " + e);
    }
}
