package dev.longhaul.queue;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.longhaul.queue.Job.Lease;

import static dev.longhaul.config.SqlTime.at;
import static dev.longhaul.queue.JobSql.CANCELLED;
import static dev.longhaul.queue.JobSql.DEAD;
import static dev.longhaul.queue.JobSql.READY;
import static dev.longhaul.queue.JobSql.SUCCEEDED;

/**
 * What the holder of a lease writes when a run ends: one fenced {@code UPDATE} of the
 * job's row, which changes nothing once the lease was lost. Each kind is one statement
 * shape, so that the completer writes a group of them as a few JDBC batches.
 */
sealed interface Acknowledgement {

	/**
	 * The lease the run held.
	 * @return the lease
	 */
	Lease lease();

	/**
	 * The statement, fenced by {@link JobSql#FENCE}.
	 * @return the SQL
	 */
	String sql();

	/**
	 * The statement's parameters, the fence's last.
	 * @param now the time of the write
	 * @return the parameters
	 */
	@Nullable Object[] params(Instant now);

	/**
	 * Whether the throughput chart counts it as a success ({@code TRUE}), a failed try
	 * ({@code FALSE}) or not at all ({@code null}).
	 * @return the count
	 */
	default @Nullable Boolean succeeded() {
		return null;
	}

	/**
	 * The status the job ends in, if this ends it.
	 * @return {@code SUCCEEDED}, {@code DEAD}, {@code CANCELLED}, or {@code null} when
	 * the job goes back to the queue
	 */
	default @Nullable JobStatus ends() {
		return null;
	}

	/**
	 * The job succeeded.
	 *
	 * @param lease its lease
	 * @param result what it produced, or {@code null}
	 */
	record Succeeded(Lease lease, @Nullable String result) implements Acknowledgement {

		private static final String SQL = "UPDATE jobs SET status = " + SUCCEEDED + ", result = ?, "
				+ JobSql.CLEAR_LEASE + ", finished_at = ?, updated_at = ?" + JobSql.FENCE;

		@Override
		public String sql() {
			return SQL;
		}

		@Override
		public @Nullable Object[] params(Instant now) {
			String result = (this.result != null) ? JobSql.truncate(this.result) : null;
			return new Object[] { result, at(now), at(now), this.lease.jobId(), this.lease.token() };
		}

		@Override
		public Boolean succeeded() {
			return true;
		}

		@Override
		public JobStatus ends() {
			return JobStatus.SUCCEEDED;
		}

	}

	/**
	 * A counted try failed; the job goes back to the queue for another.
	 *
	 * @param lease its lease
	 * @param attempts its tries, this one included
	 * @param runAt when the next is due
	 * @param error why this one failed
	 */
	record Retried(Lease lease, int attempts, Instant runAt, String error) implements Acknowledgement {

		private static final String SQL = "UPDATE jobs SET status = " + READY + ", attempts = ?, run_at = ?, "
				+ "last_error = ?, " + JobSql.CLEAR_LEASE + ", updated_at = ?" + JobSql.FENCE;

		@Override
		public String sql() {
			return SQL;
		}

		@Override
		public Object[] params(Instant now) {
			return new Object[] { this.attempts, at(this.runAt), JobSql.truncate(this.error), at(now),
					this.lease.jobId(), this.lease.token() };
		}

		@Override
		public Boolean succeeded() {
			return false;
		}

	}

	/**
	 * The job failed for good: a permanent failure, or its last try.
	 *
	 * @param lease its lease
	 * @param attempts its tries, this one included
	 * @param error why
	 */
	record Died(Lease lease, int attempts, String error) implements Acknowledgement {

		private static final String SQL = "UPDATE jobs SET status = " + DEAD + ", attempts = ?, last_error = ?, "
				+ JobSql.CLEAR_LEASE + ", finished_at = ?, updated_at = ?" + JobSql.FENCE;

		@Override
		public String sql() {
			return SQL;
		}

		@Override
		public Object[] params(Instant now) {
			return new Object[] { this.attempts, JobSql.truncate(this.error), at(now), at(now), this.lease.jobId(),
					this.lease.token() };
		}

		@Override
		public Boolean succeeded() {
			return false;
		}

		@Override
		public JobStatus ends() {
			return JobStatus.DEAD;
		}

	}

	/**
	 * The job goes back to the queue without counting a try: not started when its
	 * executor stopped, snoozed, or handed back because a dependency is down.
	 *
	 * @param lease its lease
	 * @param runAt when it is due
	 * @param lastError its last error: the reason, or the one it had
	 */
	record Released(Lease lease, Instant runAt, @Nullable String lastError) implements Acknowledgement {

		private static final String SQL = "UPDATE jobs SET status = " + READY + ", run_at = ?, last_error = ?, "
				+ JobSql.CLEAR_LEASE + ", updated_at = ?" + JobSql.FENCE;

		@Override
		public String sql() {
			return SQL;
		}

		@Override
		public @Nullable Object[] params(Instant now) {
			String error = (this.lastError != null) ? JobSql.truncate(this.lastError) : null;
			return new Object[] { at(this.runAt), error, at(now), this.lease.jobId(), this.lease.token() };
		}

	}

	/**
	 * Someone asked to cancel the running job, and its last step ended.
	 *
	 * @param lease its lease
	 */
	record Cancelled(Lease lease) implements Acknowledgement {

		private static final String SQL = "UPDATE jobs SET status = " + CANCELLED + ", " + JobSql.CLEAR_LEASE
				+ ", finished_at = ?, updated_at = ?" + JobSql.FENCE;

		@Override
		public String sql() {
			return SQL;
		}

		@Override
		public Object[] params(Instant now) {
			return new Object[] { at(now), at(now), this.lease.jobId(), this.lease.token() };
		}

		@Override
		public JobStatus ends() {
			return JobStatus.CANCELLED;
		}

	}

}
