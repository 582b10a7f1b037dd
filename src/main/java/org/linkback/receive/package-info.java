/**
 * Accepting a ping whatever its protocol: validate, check the source, score, and store through the write path; re-checks and the sweep.
 * Changes backlinks only through backlink/Backlinks; may use audit, backlink, config, fetch, http, mf2, queue, spam, store, task, url, verify.
 */
package org.linkback.receive;
