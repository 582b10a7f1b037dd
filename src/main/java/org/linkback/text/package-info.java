/**
 * Remote text made XML-safe and cut without splitting characters; unguessable tokens.
 * Uses nothing of linkback.
 */
package org.linkback.text;
