package org.linkback.admin;

import org.linkback.backlink.ModerationStatus;
import org.linkback.mf2.Interaction;

/**
 * Which backlinks an admin is looking at; null fields do not filter.
 *
 * @param target     canonical target URL
 * @param sourceHost lower-case host of the source
 * @param type       what the source's microformats2 say it is (reply, like ...)
 */
record BacklinkFilter(ModerationStatus status, String site, String target, String sourceHost, Interaction.Type type) {

    static final BacklinkFilter ALL = new BacklinkFilter(null, null, null, null, null);
}
