/**
 * Microformats2: the parser, and what a linking page's h-entry says about its link (reply, like, author, content).
 * Uses text and url only; pure, no I/O.
 */
package org.linkback.mf2;
