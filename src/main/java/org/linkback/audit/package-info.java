/**
 * The audit log: who did what to which backlink, written in the change's unit of work (refusals in batches).
 * Uses store, task and text only: every feature may record into it.
 */
package org.linkback.audit;
