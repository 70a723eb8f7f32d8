package dev.longhaul.cluster;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.longhaul.config.InstanceId;
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
			ClusterProperties properties) {
		return new ClusterMembership(jdbc, clock, instance, singletons, properties);
	}

	/**
	 * Records this instance's heartbeat and renews its singleton leases. Runs on every
	 * instance.
	 */
	@Bean
	TimerWorker instanceHeartbeat(WorkerFactory workers, ClusterMembership membership, ClusterProperties properties) {
		return workers.timer("instance-heartbeat",
				WorkerSettings.timer(Schedule.fixedRate(properties.heartbeatInterval()))
					.withInitialDelay(properties.heartbeatInterval()),
				(stop) -> membership.heartbeat());
	}

}
