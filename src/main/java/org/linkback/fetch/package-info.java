/**
 * SafeFetcher, the only way linkback reads the web: address policy on every hop, byte and time limits, charsets.
 * Uses config and url only.
 */
package org.linkback.fetch;
