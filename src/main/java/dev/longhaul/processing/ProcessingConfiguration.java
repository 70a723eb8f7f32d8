package dev.longhaul.processing;

import java.time.Clock;
import java.time.Duration;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.MeterRegistry;

import dev.longhaul.cluster.SingletonLeases;
import dev.longhaul.email.Outbox;
import dev.longhaul.queue.JobSignals;
import dev.longhaul.queue.JobQueue;
import dev.longhaul.queue.QueueMetrics;
import dev.longhaul.worker.Schedule;
import dev.longhaul.worker.TimerWorker;
import dev.longhaul.worker.WorkerFactory;
import dev.longhaul.worker.WorkerSettings;

/**
 * Datasets: storage, the API's service, the data processors and the {@code retention}
 * worker.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProcessingProperties.class)
@Import(DataProcessorRegistrar.class)
class ProcessingConfiguration {

	@Bean
	ProcessingMetrics processingMetrics(MeterRegistry registry) {
		return new ProcessingMetrics(registry);
	}

	@Bean
	DataProcessors dataProcessors(WorkerFactory workers, JobQueue jobs, DatasetStore datasets, Outbox outbox,
			TransactionTemplate transactions, JsonMapper json, ProcessingMetrics metrics,
			ProcessingProperties properties, JobSignals signals, ProfilingThreads profilingThreads) {
		return new DataProcessors(workers, signals, () -> new DatasetProcessor(jobs, datasets, outbox, transactions,
				json, metrics, properties.chunkRows(), profilingThreads));
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
	Datasets datasets(DatasetStore store, DatasetFiles files, JobQueue jobs, TransactionTemplate transactions,
			JsonMapper json, Clock clock, QueueMetrics queueMetrics) {
		queueMetrics.monitor(Datasets.QUEUE);
		return new Datasets(store, files, jobs, transactions, json, clock);
	}

	/**
	 * Deletes finished datasets, finished jobs and sent emails older than the retention;
	 * a cluster singleton.
	 */
	@Bean
	TimerWorker retention(WorkerFactory workers, DatasetStore store, DatasetFiles files, JobQueue jobs, Clock clock,
			ProcessingProperties properties, SingletonLeases singletons) {
		return workers.timer("retention",
				WorkerSettings.timer(Schedule.fixedDelay(Duration.ofHours(1))).withInitialDelay(Duration.ofMinutes(1)),
				singletons.guard("retention", new Retention(store, files, jobs, clock, properties.retention(),
						() -> singletons.tryAcquire("retention"))));
	}

}
