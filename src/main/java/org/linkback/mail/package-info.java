/**
 * Email to people: a backlink held for review or newly public (gathered per site, at most one
 * email every five minutes), a daily digest, the owner token of a sign-up; action links that
 * moderate through the one write path after a confirming POST; one-click unsubscribe. Sent by
 * SMTP (Jakarta Mail) from the durable queue. May use backlink, config, http, i18n, queue, store,
 * task and text.
 */
package org.linkback.mail;
