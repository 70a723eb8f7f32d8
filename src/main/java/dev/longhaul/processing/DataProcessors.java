package dev.longhaul.processing;

import java.time.Duration;
import java.util.function.Supplier;

import dev.longhaul.queue.JobSignals;
import dev.longhaul.worker.LoopWorker;
import dev.longhaul.worker.WorkerFactory;
import dev.longhaul.worker.WorkerSettings;

/**
 * Makes the {@code data-processor-1} to {@code data-processor-N} workers
 * ({@code longhaul.processing.concurrency}, one per core by default), all configured by
 * {@code longhaul.workers.data-processor.*}, each with its own {@link DatasetProcessor}
 * working on one dataset job at a time.
 */
final class DataProcessors {

	static final String CONFIG_NAME = "data-processor";

	private final WorkerFactory workers;

	private final JobSignals signals;

	private final Supplier<DatasetProcessor> tasks;

	DataProcessors(WorkerFactory workers, JobSignals signals, Supplier<DatasetProcessor> tasks) {
		this.workers = workers;
		this.signals = signals;
		this.tasks = tasks;
	}

	/**
	 * Makes one data processor.
	 * @param index its number, from 1
	 * @return the worker
	 */
	LoopWorker create(int index) {
		LoopWorker worker = this.workers.loop(CONFIG_NAME + "-" + index, CONFIG_NAME,
				WorkerSettings.loop(Duration.ofSeconds(10)), this.tasks.get());
		this.signals.onWork(Datasets.QUEUE, worker::wake);
		return worker;
	}

}
