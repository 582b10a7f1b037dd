/**
 * Reading linkback.yaml into records (defaults written once), sites and trusted senders.
 * Uses url only.
 */
package org.linkback.config;
