package dev.longhaul.processing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.longhaul.queue.JobQueries;
import dev.longhaul.queue.JobState;
import dev.longhaul.worker.PeriodicTask;
import dev.longhaul.worker.StopToken;

/**
 * The {@code retention} tick: deletes finished datasets (file, row and report) older than
 * {@code longhaul.processing.retention}, and those whose job the {@code job-cleaner}
 * already deleted, in small batches, so that the table and the disk stay bounded. It
 * reads the datasets in batches and their jobs' states from the queue's
 * {@link JobQueries}, one statement per batch.
 */
final class Retention implements PeriodicTask {

	static final int BATCH = 100;

	private static final Logger logger = LoggerFactory.getLogger(Retention.class);

	private final DatasetStore datasets;

	private final JobQueries jobs;

	private final DatasetFiles files;

	private final Clock clock;

	private final Duration age;

	private final BooleanSupplier stillSingleton;

	Retention(DatasetStore datasets, JobQueries jobs, DatasetFiles files, Clock clock, Duration age,
			BooleanSupplier stillSingleton) {
		this.stillSingleton = stillSingleton;
		this.datasets = datasets;
		this.jobs = jobs;
		this.files = files;
		this.clock = clock;
		this.age = age;
	}

	@Override
	public void tick(StopToken stop) {
		Instant before = this.clock.instant().minus(this.age);
		long deleted = 0;
		long after = 0;
		List<DatasetStore.Upload> batch;
		while (!stop.isStopRequested() && !(batch = this.datasets.withJob(after, BATCH)).isEmpty()) {
			after = batch.get(batch.size() - 1).id();
			Map<Long, JobState> states = this.jobs.states(batch.stream().map(DatasetStore.Upload::jobId).toList(), 0);
			List<DatasetStore.Upload> expired = batch.stream().filter((dataset) -> {
				JobState job = states.get(dataset.jobId());
				return job == null || endedBefore(job, before);
			}).toList();
			// Only a batch that deletes needs the singleton renewed (and still held).
			if (!expired.isEmpty() && !this.stillSingleton.getAsBoolean()) {
				break;
			}
			for (DatasetStore.Upload dataset : expired) {
				if (delete(dataset)) {
					deleted++;
				}
			}
		}
		if (deleted > 0) {
			logger.info("Retention deleted {} dataset(s) that ended more than {} ago", deleted, this.age);
		}
	}

	/**
	 * Deletes a dataset, the file first: a row whose file could not be deleted stays, so
	 * a later tick tries again.
	 */
	private boolean delete(DatasetStore.Upload dataset) {
		if (!this.files.delete(dataset.file())) {
			logger.warn("Retention could not delete {} of dataset {}; it tries again next time", dataset.file(),
					dataset.id());
			return false;
		}
		this.datasets.delete(dataset.id());
		return true;
	}

	private static boolean endedBefore(JobState job, Instant before) {
		return switch (job.status()) {
			case SUCCEEDED, DEAD, CANCELLED -> job.finishedAt() != null && job.finishedAt().isBefore(before);
			case READY, RUNNING -> false;
		};
	}

}
