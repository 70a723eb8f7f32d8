package dev.longhaul.processing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.longhaul.queue.JobQueue;
import dev.longhaul.worker.PeriodicTask;
import dev.longhaul.worker.StopToken;

/**
 * The {@code retention} tick: deletes finished datasets (file, row and report) and
 * finished jobs (sent emails included) older than {@code longhaul.processing.retention},
 * in small batches, so that tables and disk stay bounded.
 */
final class Retention implements PeriodicTask {

	static final int BATCH = 100;

	private static final Logger logger = LoggerFactory.getLogger(Retention.class);

	private final DatasetStore datasets;

	private final DatasetFiles files;

	private final JobQueue jobs;

	private final Clock clock;

	private final Duration age;

	private final BooleanSupplier stillSingleton;

	Retention(DatasetStore datasets, DatasetFiles files, JobQueue jobs, Clock clock, Duration age,
			BooleanSupplier stillSingleton) {
		this.stillSingleton = stillSingleton;
		this.datasets = datasets;
		this.files = files;
		this.jobs = jobs;
		this.clock = clock;
		this.age = age;
	}

	@Override
	public void tick(StopToken stop) {
		Instant before = this.clock.instant().minus(this.age);
		long datasets = 0;
		List<Dataset> batch;
		while (mayGoOn(stop) && !(batch = this.datasets.finishedBefore(before, BATCH)).isEmpty()) {
			int deletedNow = 0;
			for (Dataset dataset : batch) {
				// The file first: a row whose file could not be deleted stays, so a later
				// tick tries again.
				if (this.files.delete(dataset.file())) {
					this.datasets.delete(dataset.id());
					deletedNow++;
				}
				else {
					logger.warn("Retention could not delete {} of dataset {}; it tries again next time", dataset.file(),
							dataset.id());
				}
			}
			datasets += deletedNow;
			if (deletedNow == 0) {
				break;
			}
		}
		long jobs = 0;
		int deleted;
		while (mayGoOn(stop) && (deleted = this.jobs.deleteFinished(before, BATCH)) > 0) {
			jobs += deleted;
		}
		if (datasets + jobs > 0) {
			logger.info("Retention deleted {} dataset(s) and {} finished job(s) older than {}", datasets, jobs,
					this.age);
		}
	}

	/**
	 * Between batches: not stopping, and still the holder of the cluster singleton
	 * (renewed as it goes).
	 */
	private boolean mayGoOn(StopToken stop) {
		return !stop.isStopRequested() && this.stillSingleton.getAsBoolean();
	}

}
