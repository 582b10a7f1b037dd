/**
 * Database machinery only: the pool and migrations, units of work, dialects, group commit, kept statements, cluster leases.
 * Uses config only: no feature package.
 */
package org.linkback.store;
