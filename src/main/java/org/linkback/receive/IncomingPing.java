package org.linkback.receive;

import org.linkback.store.Kind;

/**
 * A ping as a protocol endpoint received it: unvalidated URLs as sent, and who sent it.
 */
public record IncomingPing(Kind kind, String source, String target, String clientIp) {
}
