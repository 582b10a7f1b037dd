/**
 * The way out: an article's or a site's approved backlinks as Atom, RSS, JSON Feed and jf2, with feed versions for caching.
 * Reads backlinks (backlink/BacklinkRows) and never writes them; may use config, http, mf2, store and url.
 */
package org.linkback.feed;
