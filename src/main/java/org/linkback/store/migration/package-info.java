/**
 * Java migrations of the database, for what plain SQL in sql/ cannot do (hashing existing rows).
 * Uses store only.
 */
package org.linkback.store.migration;
