/**
 * The backlink: its record, its states and their Lifecycle, its JSON shape, and Backlinks, the one write path.
 * May use audit, config, mf2, store, text and url; features are told of changes through BacklinkListener, not called.
 */
package org.linkback.backlink;
