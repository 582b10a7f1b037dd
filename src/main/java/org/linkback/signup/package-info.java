/**
 * Sign-up: anyone may claim a site by putting a token on its page; once linkback finds it there, the site is created and
 * its first owner token handed over. May use audit, config, fetch, http, site, store, text and url.
 */
package org.linkback.signup;
