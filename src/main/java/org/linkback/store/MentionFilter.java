package org.linkback.store;

/**
 * Which backlinks an admin is looking at; null fields do not filter.
 *
 * @param target     canonical target URL
 * @param sourceHost lower-case host of the source
 */
public record MentionFilter(ModerationStatus status, String site, String target, String sourceHost) {

    public static final MentionFilter ALL = new MentionFilter(null, null, null, null);
}
