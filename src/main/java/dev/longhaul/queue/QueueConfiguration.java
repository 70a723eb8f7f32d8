package dev.longhaul.queue;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.longhaul.cluster.SingletonLeases;
import dev.longhaul.config.InstanceId;
import dev.longhaul.worker.Schedule;
import dev.longhaul.worker.TimerWorker;
import dev.longhaul.worker.WorkerFactory;
import dev.longhaul.worker.WorkerSettings;

/**
 * The job queue, its signals and metrics, and the {@code lease-recovery} worker.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QueueProperties.class)
class QueueConfiguration {

	@Bean
	JobSignals jobSignals() {
		return new JobSignals();
	}

	@Bean
	JobQueue jobQueue(DataSource dataSource, JdbcClient jdbc, TransactionTemplate transactions, Clock clock,
			InstanceId instance, QueueProperties properties, JobSignals signals) {
		return new JobQueue(dataSource, jdbc, transactions, clock, instance, properties, signals);
	}

	/**
	 * On PostgreSQL, wakes this instance's workers when another instance enqueues.
	 */
	@Bean
	PostgresWakeUps postgresWakeUps(DataSource dataSource, JobSignals signals, JobQueue jobs) {
		return new PostgresWakeUps(dataSource, signals, jobs.onPostgres());
	}

	@Bean
	QueueMetrics queueMetrics(MeterRegistry registry, JobQueue jobs, Clock clock) {
		return new QueueMetrics(registry, jobs, clock);
	}

	/**
	 * Returns the jobs of crashed instances to the queue once their lease expired. A
	 * cluster singleton: with several instances on one database, one of them runs it at a
	 * time.
	 */
	@Bean
	TimerWorker leaseRecovery(WorkerFactory workers, JobQueue jobs, SingletonLeases singletons) {
		return workers.timer("lease-recovery", WorkerSettings.timer(Schedule.fixedDelay(Duration.ofSeconds(15))),
				singletons.guard("lease-recovery", (stop) -> jobs.recoverExpiredLeases()));
	}

}
