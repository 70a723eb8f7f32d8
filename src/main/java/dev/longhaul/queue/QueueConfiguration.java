package dev.longhaul.queue;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.longhaul.cluster.ClusterMembership;
import dev.longhaul.cluster.SingletonLeases;
import dev.longhaul.config.InstanceId;
import dev.longhaul.worker.Schedule;
import dev.longhaul.worker.TimerWorker;
import dev.longhaul.worker.WorkerFactory;
import dev.longhaul.worker.WorkerSettings;

/**
 * The job engine: the registered job types, the enqueue API and queries, an executor per
 * queue, the completer, and the {@code lease-recovery} (rescuer) and {@code job-cleaner}
 * workers.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ QueueProperties.class, JobsProperties.class })
class QueueConfiguration {

	@Bean
	JobDatabase jobDatabase(DataSource dataSource, JdbcClient jdbc) {
		return JobDatabase.of(dataSource, jdbc);
	}

	@Bean
	JobSignals jobSignals() {
		return new JobSignals();
	}

	@Bean
	JobThroughput jobThroughput(Clock clock) {
		return new JobThroughput(clock);
	}

	@Bean
	@SuppressWarnings({ "unchecked", "rawtypes" })
	JobTypes jobTypes(ListableBeanFactory beans, QueueProperties queue, JobsProperties jobs) {
		return new JobTypes(() -> new LinkedHashMap<>((Map) beans.getBeansOfType(JobHandler.class)), queue, jobs);
	}

	/**
	 * The engine's observations: spans with Spring Boot's tracing, timers with its
	 * metrics, nothing without an {@link ObservationRegistry}.
	 */
	@Bean
	JobObservations jobObservations(ObjectProvider<ObservationRegistry> registry) {
		return new JobObservations(registry.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

	@Bean
	JobClient jobClient(JdbcClient jdbc, TransactionTemplate transactions, Clock clock, JobDatabase database,
			JobSignals signals, JobTypes types, JsonMapper json, QueueProperties properties,
			JobObservations observations) {
		return new JobClient(jdbc, transactions, clock, database, signals, types, json, properties, observations);
	}

	/** The whole cluster's jobs/s, from the counts each instance publishes. */
	@Bean
	ClusterThroughput clusterThroughput(JobThroughput throughput, ClusterMembership membership, InstanceId instance,
			Clock clock) {
		return new ClusterThroughput(throughput, membership, instance, clock);
	}

	@Bean
	JobQueries jobQueries(JdbcClient jdbc, Clock clock) {
		return new JobQueries(jdbc, clock);
	}

	@Bean
	JobClaimer jobClaimer(JdbcClient jdbc, TransactionTemplate transactions, Clock clock, InstanceId instance,
			QueueProperties properties, JobDatabase database) {
		return new JobClaimer(jdbc, transactions, clock, instance, properties, database);
	}

	@Bean
	JobLeases jobLeases(JdbcTemplate jdbcTemplate, Clock clock, InstanceId instance, QueueProperties properties,
			JobDatabase database) {
		return new JobLeases(jdbcTemplate, clock, instance, properties, database);
	}

	@Bean
	JobMetrics jobMetrics(MeterRegistry registry) {
		return new JobMetrics(registry);
	}

	/**
	 * Writes acknowledgements in groups; a lifecycle bean that starts before the
	 * executors and stops after them, writing what is left before the data source goes.
	 */
	@Bean
	JobCompleter jobCompleter(JobLeases leases, JobThroughput throughput, QueueProperties properties, JdbcClient jdbc,
			JobMetrics metrics, JobObservations observations) {
		JobCompleter completer = new JobCompleter(leases, throughput, properties.completion().settings(),
				() -> answers(jdbc), observations);
		metrics.pendingAcknowledgements(completer, JobCompleter::pending);
		return completer;
	}

	private static boolean answers(JdbcClient jdbc) {
		try {
			return jdbc.sql("SELECT 1").query(Integer.class).single() == 1;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	@Bean
	JobEngine jobEngine(JobTypes types, WorkerFactory workers, JobClaimer claimer, JobLeases leases,
			JobCompleter completer, JsonMapper json, Clock clock, JobMetrics metrics, QueueProperties properties,
			JobSignals signals, QueueMetrics queueMetrics, JobObservations observations,
			ConfigurableListableBeanFactory beanFactory) {
		return new JobEngine(types, workers, claimer, leases, completer, json, clock, metrics, properties, signals,
				queueMetrics, observations, beanFactory);
	}

	/**
	 * On PostgreSQL, wakes this instance's workers when another instance enqueues.
	 */
	@Bean
	PostgresWakeUps postgresWakeUps(DataSource dataSource, JobSignals signals, JobDatabase database) {
		return new PostgresWakeUps(dataSource, signals, database == JobDatabase.POSTGRESQL);
	}

	@Bean
	QueueMetrics queueMetrics(MeterRegistry registry, JobQueries jobs, Clock clock) {
		return new QueueMetrics(registry, jobs, clock);
	}

	/**
	 * The rescuer: returns the running jobs of instances that stopped sending heartbeats
	 * or whose lease ran out, and on H2 those of an earlier process at start-up. A
	 * cluster singleton: with several instances on one database, one of them runs it at a
	 * time.
	 */
	@Bean
	TimerWorker leaseRecovery(WorkerFactory workers, JdbcClient jdbc, Clock clock, InstanceId instance,
			JobDatabase database, JobSignals signals, ClusterMembership membership, SingletonLeases singletons) {
		JobRescuer rescuer = new JobRescuer(jdbc, clock, instance, database, signals, membership::reachableSince,
				membership.instanceTimeout());
		return workers.timer("lease-recovery", WorkerSettings.timer(Schedule.fixedDelay(Duration.ofSeconds(5))),
				singletons.guard("lease-recovery", rescuer));
	}

	/**
	 * Deletes jobs that ended longer than {@code longhaul.queue.retention} ago; a cluster
	 * singleton.
	 */
	@Bean
	TimerWorker jobCleaner(WorkerFactory workers, JdbcClient jdbc, Clock clock, QueueProperties properties,
			SingletonLeases singletons) {
		return workers.timer("job-cleaner",
				WorkerSettings.builder()
					.schedule(Schedule.fixedDelay(Duration.ofHours(1)))
					.initialDelay(Duration.ofMinutes(1))
					.build(),
				singletons.guard("job-cleaner", new JobCleaner(jdbc, clock, properties.retention(),
						() -> singletons.tryAcquire("job-cleaner"))));
	}

}
