/**
 * Remote text made XML-safe and cut without splitting characters.
 * Uses nothing of linkback.
 */
package org.linkback.text;
