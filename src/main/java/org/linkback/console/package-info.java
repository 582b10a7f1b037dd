/**
 * What a long command shows while it works: a progress bar on a terminal, plain lines in a log.
 * May use nothing else of linkback.
 */
package org.linkback.console;
