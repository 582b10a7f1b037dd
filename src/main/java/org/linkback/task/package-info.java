/**
 * BackgroundTask: start, pause, wake, stop and join one looping background thread (optionally under a cluster lease).
 * Uses store (ClusterLease) only.
 */
package org.linkback.task;
