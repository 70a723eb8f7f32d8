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

	@Bean
	QueueMetrics queueMetrics(MeterRegistry registry, JobQueue jobs, Clock clock) {
		return new QueueMetrics(registry, jobs, clock);
	}

	/**
	 * Returns the jobs of crashed instances to the queue once their lease expired.
	 */
	@Bean
	TimerWorker leaseRecovery(WorkerFactory workers, JobQueue jobs) {
		return workers.timer("lease-recovery", WorkerSettings.timer(Schedule.fixedDelay(Duration.ofSeconds(15))),
				(stop) -> jobs.recoverExpiredLeases());
	}

}
