/**
 * The durable job queues (checks, sends, webhooks) and the worker that runs them fairly, with retries.
 * May use config, store, task and text; knows no feature: handlers are given to it.
 */
package org.linkback.queue;
