/**
 * The sites served, kept in the database (the YAML list applied at start) and re-read by every
 * process, and their owners' tokens. May use config, store, task, text and url.
 */
package org.linkback.site;
