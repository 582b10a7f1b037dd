package org.linkback.backlink;

/**
 * The (source, target) pair is stored already.
 */
public class DuplicateBacklinkException extends RuntimeException {

    public DuplicateBacklinkException(String source, String target) {
        super("a link from " + source + " to " + target + " is registered already");
    }
}
