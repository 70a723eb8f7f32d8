package dev.longhaul.processing;

import java.time.Duration;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.transaction.support.TransactionTemplate;

import dev.longhaul.email.Outbox;
import dev.longhaul.queue.JobQueue;
import dev.longhaul.queue.JobSignals;
import dev.longhaul.worker.LoopWorker;
import dev.longhaul.worker.WorkerFactory;
import dev.longhaul.worker.WorkerSettings;

/**
 * Makes the {@code data-processor-1} to {@code data-processor-N} workers
 * ({@code longhaul.processing.concurrency}, one per core by default), all configured by
 * {@code longhaul.workers.data-processor.*}, each working on one dataset job at a time.
 */
final class DataProcessors {

	static final String CONFIG_NAME = "data-processor";

	private final WorkerFactory workers;

	private final JobQueue jobs;

	private final DatasetStore datasets;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final ProcessingMetrics metrics;

	private final ProcessingProperties properties;

	private final JobSignals signals;

	DataProcessors(WorkerFactory workers, JobQueue jobs, DatasetStore datasets, Outbox outbox,
			TransactionTemplate transactions, JsonMapper json, ProcessingMetrics metrics,
			ProcessingProperties properties, JobSignals signals) {
		this.workers = workers;
		this.jobs = jobs;
		this.datasets = datasets;
		this.outbox = outbox;
		this.transactions = transactions;
		this.json = json;
		this.metrics = metrics;
		this.properties = properties;
		this.signals = signals;
	}

	/**
	 * Makes one data processor.
	 * @param index its number, from 1
	 * @return the worker
	 */
	LoopWorker create(int index) {
		LoopWorker worker = this.workers.loop(CONFIG_NAME + "-" + index, CONFIG_NAME,
				WorkerSettings.loop(Duration.ofSeconds(10)), new DatasetProcessor(this.jobs, this.datasets, this.outbox,
						this.transactions, this.json, this.metrics, this.properties.chunkRows()));
		this.signals.onWork(Datasets.QUEUE, worker::wake);
		return worker;
	}

}
