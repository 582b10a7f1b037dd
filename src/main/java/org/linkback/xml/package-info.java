/**
 * XML parsers hardened once: no DOCTYPE, no external entities, for every XML we read from others.
 * Uses nothing of linkback.
 */
package org.linkback.xml;
