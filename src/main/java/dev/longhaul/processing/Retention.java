package dev.longhaul.processing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.longhaul.worker.PeriodicTask;
import dev.longhaul.worker.StopToken;

/**
 * The {@code retention} tick: deletes finished datasets (file, row and report) older than
 * {@code longhaul.processing.retention}, and those whose job the {@code job-cleaner}
 * already deleted, in small batches, so that the table and the disk stay bounded.
 */
final class Retention implements PeriodicTask {

	static final int BATCH = 100;

	private static final Logger logger = LoggerFactory.getLogger(Retention.class);

	private final DatasetStore datasets;

	private final DatasetFiles files;

	private final Clock clock;

	private final Duration age;

	private final BooleanSupplier stillSingleton;

	Retention(DatasetStore datasets, DatasetFiles files, Clock clock, Duration age, BooleanSupplier stillSingleton) {
		this.stillSingleton = stillSingleton;
		this.datasets = datasets;
		this.files = files;
		this.clock = clock;
		this.age = age;
	}

	@Override
	public void tick(StopToken stop) {
		Instant before = this.clock.instant().minus(this.age);
		long deleted = delete(stop, () -> this.datasets.finishedBefore(before, BATCH))
				+ delete(stop, () -> this.datasets.orphaned(BATCH));
		if (deleted > 0) {
			logger.info("Retention deleted {} dataset(s) that ended more than {} ago", deleted, this.age);
		}
	}

	private long delete(StopToken stop, Supplier<List<Dataset>> batches) {
		long deleted = 0;
		List<Dataset> batch;
		while (mayGoOn(stop) && !(batch = batches.get()).isEmpty()) {
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
			deleted += deletedNow;
			if (deletedNow == 0) {
				break;
			}
		}
		return deleted;
	}

	/**
	 * Between batches: not stopping, and still the holder of the cluster singleton
	 * (renewed as it goes).
	 */
	private boolean mayGoOn(StopToken stop) {
		return !stop.isStopRequested() && this.stillSingleton.getAsBoolean();
	}

}
