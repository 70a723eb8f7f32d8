package dev.longhaul.cluster;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cluster settings, {@code longhaul.cluster.*}.
 *
 * @param heartbeatInterval how often an instance records that it is alive and renews its
 * singleton leases
 * @param singletonLease how long a singleton lease lasts without renewal: after a crash,
 * another instance takes the singleton over within this time; at least twice the
 * heartbeat interval
 * @param instanceTimeout an instance whose last heartbeat is older than this is listed as
 * gone; at least twice the heartbeat interval
 */
@ConfigurationProperties("longhaul.cluster")
public record ClusterProperties(@DefaultValue("10s") Duration heartbeatInterval,
		@DefaultValue("30s") Duration singletonLease, @DefaultValue("30s") Duration instanceTimeout) {

	public ClusterProperties {
		if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
			throw new IllegalArgumentException("longhaul.cluster.heartbeat-interval must be positive");
		}
		if (singletonLease.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
			throw new IllegalArgumentException("longhaul.cluster.singleton-lease (" + singletonLease
					+ ") must be at least twice longhaul.cluster.heartbeat-interval (" + heartbeatInterval
					+ "), or a live instance could lose its singleton lease between two renewals");
		}
		if (instanceTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
			throw new IllegalArgumentException("longhaul.cluster.instance-timeout (" + instanceTimeout
					+ ") must be at least twice longhaul.cluster.heartbeat-interval (" + heartbeatInterval + ")");
		}
	}

}
