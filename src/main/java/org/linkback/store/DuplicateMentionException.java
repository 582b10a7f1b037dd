package org.linkback.store;

/**
 * The (source, target) pair is stored already.
 */
public class DuplicateMentionException extends RuntimeException {

    public DuplicateMentionException(String source, String target) {
        super("a link from " + source + " to " + target + " is registered already");
    }
}
