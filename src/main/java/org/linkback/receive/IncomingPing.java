package org.linkback.receive;

import org.linkback.backlink.Backlink;
import org.linkback.backlink.Kind;

/**
 * A ping as a protocol endpoint received it: unvalidated URLs as sent, and who sent it.
 *
 * @param claimed title, excerpt and blog name the sender told us (TrackBack); a non-null
 *                field wins over what the source page says. Null when nothing was claimed.
 */
public record IncomingPing(Kind kind, String source, String target, String clientIp, Backlink.Details claimed) {

    public IncomingPing(Kind kind, String source, String target, String clientIp) {
        this(kind, source, target, clientIp, null);
    }
}
