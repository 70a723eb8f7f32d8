package dev.longhaul.processing;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.longhaul.cluster.SingletonLeases;
import dev.longhaul.email.Outbox;
import dev.longhaul.processing.profile.ProfilingThreads;
import dev.longhaul.queue.JobClient;
import dev.longhaul.queue.JobQueries;
import dev.longhaul.worker.Schedule;
import dev.longhaul.worker.TimerWorker;
import dev.longhaul.worker.WorkerFactory;
import dev.longhaul.worker.WorkerSettings;

/**
 * Datasets: storage, the API's service, the handler of the {@code dataset} job type and
 * the {@code retention} worker.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProcessingProperties.class)
class ProcessingConfiguration {

	@Bean
	ProcessingMetrics processingMetrics(MeterRegistry registry) {
		return new ProcessingMetrics(registry);
	}

	/**
	 * The handler of the {@code dataset} job type, run by the {@code data-processor}
	 * worker.
	 */
	@Bean
	DatasetProcessor datasetProcessor(DatasetStore datasets, Outbox outbox, TransactionTemplate transactions,
			JsonMapper json, ProcessingMetrics metrics, ProcessingProperties properties,
			ProfilingThreads profilingThreads) {
		return new DatasetProcessor(datasets, outbox, transactions, json, metrics, properties, profilingThreads);
	}

	/**
	 * The threads that profile columns while the data processors read the next rows;
	 * closed after the workers have stopped.
	 */
	@Bean
	ProfilingThreads profilingThreads(ProcessingProperties properties) {
		return new ProfilingThreads(properties.effectiveProfilingThreads());
	}

	@Bean
	DatasetStore datasetStore(JdbcClient jdbc) {
		return new DatasetStore(jdbc);
	}

	@Bean
	DatasetFiles datasetFiles(ProcessingProperties properties) {
		return new DatasetFiles(properties.storageDir(), properties.maxUploadSize());
	}

	@Bean
	Datasets datasets(DatasetStore store, DatasetFiles files, JobClient jobs, JobQueries queries,
			TransactionTemplate transactions, JsonMapper json, Clock clock) {
		return new Datasets(store, files, jobs, queries, transactions, json, clock);
	}

	/**
	 * Deletes finished datasets older than the retention; a cluster singleton.
	 */
	@Bean
	TimerWorker retention(WorkerFactory workers, DatasetStore store, JobQueries queries, DatasetFiles files,
			Clock clock, ProcessingProperties properties, SingletonLeases singletons) {
		return workers.timer("retention",
				WorkerSettings.builder()
					.schedule(Schedule.fixedDelay(Duration.ofHours(1)))
					.initialDelay(Duration.ofMinutes(1))
					.build(),
				singletons.guard("retention", new Retention(store, queries, files, clock, properties.retention(),
						() -> singletons.tryAcquire("retention"))));
	}

}
