/**
 * Several instances on one database: instance heartbeats, cluster-singleton leases, the
 * {@code /api/cluster} view.
 */
@NullMarked
package dev.longhaul.cluster;

import org.jspecify.annotations.NullMarked;
