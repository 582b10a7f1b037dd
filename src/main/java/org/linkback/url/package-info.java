/**
 * URLs in their canonical form, and one spelling per host.
 * Uses nothing of linkback.
 */
package org.linkback.url;
