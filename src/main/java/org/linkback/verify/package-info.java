/**
 * Does a page link to the target, and what are its title and excerpt.
 * May use fetch, text and url.
 */
package org.linkback.verify;
