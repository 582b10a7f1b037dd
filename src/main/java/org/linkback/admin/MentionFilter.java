package org.linkback.admin;

import org.linkback.store.ModerationStatus;

/**
 * Which backlinks an admin is looking at; null fields do not filter.
 *
 * @param target     canonical target URL
 * @param sourceHost lower-case host of the source
 */
record MentionFilter(ModerationStatus status, String site, String target, String sourceHost) {

    static final MentionFilter ALL = new MentionFilter(null, null, null, null);
}
