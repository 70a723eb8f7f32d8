package dev.longhaul.cluster;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.longhaul.config.InstanceId;
import dev.longhaul.worker.Backoff;
import dev.longhaul.worker.Schedule;
import dev.longhaul.worker.TimerWorker;
import dev.longhaul.worker.WorkerFactory;
import dev.longhaul.worker.WorkerSettings;

/**
 * Cluster membership, singleton leases, and the {@code instance-heartbeat} worker.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClusterProperties.class)
class ClusterConfiguration {

	@Bean
	SingletonLeases singletonLeases(JdbcClient jdbc, Clock clock, InstanceId instance, ClusterProperties properties) {
		return new SingletonLeases(jdbc, clock, instance, properties.singletonLease());
	}

	@Bean
	ClusterMembership clusterMembership(JdbcClient jdbc, Clock clock, InstanceId instance, SingletonLeases singletons,
			ClusterProperties properties, ObjectProvider<ThroughputSource> throughput) {
		return new ClusterMembership(jdbc, clock, instance, singletons, properties,
				throughput.getIfUnique(() -> ThroughputSource.NONE));
	}

	/**
	 * Records this instance's heartbeat and renews its singleton leases. Runs on every
	 * instance.
	 */
	@Bean
	TimerWorker instanceHeartbeat(WorkerFactory workers, ClusterMembership membership, ClusterProperties properties) {
		// After a failed heartbeat (the database away), try again at least every
		// interval:
		// a longer backoff would make the other instances judge this one dead.
		Duration interval = properties.heartbeatInterval();
		Duration initial = (interval.compareTo(Duration.ofSeconds(1)) < 0) ? interval : Duration.ofSeconds(1);
		return workers.timer("instance-heartbeat",
				WorkerSettings.builder()
					.schedule(Schedule.fixedRate(interval))
					.initialDelay(interval)
					.backoff(new Backoff(initial, interval, 2.0, 0.2))
					.build(),
				(stop) -> membership.heartbeat());
	}

}
