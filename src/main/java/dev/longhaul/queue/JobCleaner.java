package dev.longhaul.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.longhaul.worker.PeriodicTask;
import dev.longhaul.worker.StopToken;

import static dev.longhaul.config.SqlTime.at;
import static dev.longhaul.queue.JobSql.ENDED;

/**
 * Deletes jobs of every queue that ended ({@code SUCCEEDED}, {@code DEAD} or
 * {@code CANCELLED}) longer than {@code longhaul.queue.retention} ago, a batch at a time,
 * so that the table stays bounded: the tick of the {@code job-cleaner} worker, a cluster
 * singleton.
 */
final class JobCleaner implements PeriodicTask {

	static final int BATCH = 1000;

	private static final Logger logger = LoggerFactory.getLogger(JobCleaner.class);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Duration retention;

	private final BooleanSupplier stillSingleton;

	JobCleaner(JdbcClient jdbc, Clock clock, Duration retention, BooleanSupplier stillSingleton) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.retention = retention;
		this.stillSingleton = stillSingleton;
	}

	@Override
	public void tick(StopToken stop) {
		Instant before = this.clock.instant().minus(this.retention);
		long deleted = 0;
		int batch;
		while (!stop.isStopRequested() && this.stillSingleton.getAsBoolean()
				&& (batch = deleteFinished(before, BATCH)) > 0) {
			deleted += batch;
		}
		if (deleted > 0) {
			logger.info("Deleted {} job(s) that ended more than {} ago", deleted, this.retention);
		}
	}

	/**
	 * Deletes up to {@code limit} jobs that ended before a time, oldest first.
	 * @param before jobs that ended before this time
	 * @param limit the most jobs to delete
	 * @return how many were deleted
	 */
	int deleteFinished(Instant before, int limit) {
		List<Long> ids = this.jdbc
			.sql("SELECT id FROM jobs WHERE status IN " + ENDED + " AND finished_at < ? "
					+ "ORDER BY finished_at LIMIT ?")
			.params(at(before), limit)
			.query(Long.class)
			.list();
		if (ids.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("DELETE FROM jobs WHERE id IN (" + JobSql.placeholders(ids.size()) + ")")
			.params(ids)
			.update();
	}

}
