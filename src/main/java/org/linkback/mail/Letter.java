package org.linkback.mail;

/**
 * An email as written, before it is queued: to one recipient, in one language, with a text and
 * an HTML body.
 *
 * @param site        the site it is about, or null (the admin's digest of every site)
 * @param kind        held, new, digest or signup
 * @param unsubscribe the one-click unsubscribe URL (RFC 8058), or null (a sign-up email)
 */
record Letter(String site, String kind, String recipient, String language, String subject, String text, String html,
              String unsubscribe) {
}
