package dev.longhaul.queue;

import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.longhaul.queue.Job.Lease;

/**
 * What the holder of a lease writes when a run ends: a fenced {@code UPDATE} of the job's
 * row, which changes nothing once the lease was lost. Each kind has one {@link Shape}, so
 * that the completer writes a group as one statement per shape on PostgreSQL (the rows
 * joined from arrays) and one JDBC batch per shape on H2.
 */
sealed interface Acknowledgement {

	/**
	 * The lease the run held.
	 * @return the lease
	 */
	Lease lease();

	/**
	 * The statement shape of this kind.
	 * @return the shape
	 */
	Shape shape();

	/**
	 * This row's values of its shape's columns, in their order.
	 * @return the values
	 */
	@Nullable Object[] values();

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

		@Override
		public Shape shape() {
			return Shape.SUCCEEDED;
		}

		@Override
		public @Nullable Object[] values() {
			return new Object[] { (this.result != null) ? JobSql.truncate(this.result) : null };
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

		@Override
		public Shape shape() {
			return Shape.RETRIED;
		}

		@Override
		public Object[] values() {
			return new Object[] { this.attempts, this.runAt, JobSql.truncate(this.error) };
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

		@Override
		public Shape shape() {
			return Shape.DIED;
		}

		@Override
		public Object[] values() {
			return new Object[] { this.attempts, JobSql.truncate(this.error) };
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

		@Override
		public Shape shape() {
			return Shape.RELEASED;
		}

		@Override
		public @Nullable Object[] values() {
			return new Object[] { this.runAt, (this.lastError != null) ? JobSql.truncate(this.lastError) : null };
		}

	}

	/**
	 * Someone asked to cancel the running job, and its last step ended.
	 *
	 * @param lease its lease
	 */
	record Cancelled(Lease lease) implements Acknowledgement {

		@Override
		public Shape shape() {
			return Shape.CANCELLED;
		}

		@Override
		public Object[] values() {
			return new Object[0];
		}

		@Override
		public JobStatus ends() {
			return JobStatus.CANCELLED;
		}

	}

	/**
	 * The assignments of one kind of acknowledgement: {@code {column}} stands for a row's
	 * own value, {@code {now}} for the time of the write.
	 */
	enum Shape {

		SUCCEEDED("status = " + JobSql.SUCCEEDED + ", result = {result}, " + JobSql.CLEAR_LEASE
				+ ", finished_at = {now}, updated_at = {now}", Column.of("result", "text")),

		RETRIED("status = " + JobSql.READY + ", attempts = {attempts}, run_at = {run_at}, last_error = {last_error}, "
				+ JobSql.CLEAR_LEASE + ", updated_at = {now}", Column.of("attempts", "int"),
				Column.of("run_at", "timestamptz"), Column.of("last_error", "text")),

		DIED("status = " + JobSql.DEAD + ", attempts = {attempts}, last_error = {last_error}, " + JobSql.CLEAR_LEASE
				+ ", finished_at = {now}, updated_at = {now}", Column.of("attempts", "int"),
				Column.of("last_error", "text")),

		RELEASED("status = " + JobSql.READY + ", run_at = {run_at}, last_error = {last_error}, " + JobSql.CLEAR_LEASE
				+ ", updated_at = {now}", Column.of("run_at", "timestamptz"), Column.of("last_error", "text")),

		CANCELLED("status = " + JobSql.CANCELLED + ", " + JobSql.CLEAR_LEASE
				+ ", finished_at = {now}, updated_at = {now}");

		private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

		private final String assignments;

		private final List<Column> columns;

		Shape(String assignments, Column... columns) {
			this.assignments = assignments;
			this.columns = List.of(columns);
		}

		/**
		 * The row's columns, in the order of {@link Acknowledgement#values()}.
		 * @return the columns
		 */
		List<Column> columns() {
			return this.columns;
		}

		/**
		 * One row's fenced statement, for a JDBC batch.
		 * @return the SQL
		 */
		String rowSql() {
			return "UPDATE jobs SET " + PLACEHOLDER.matcher(this.assignments).replaceAll("?") + JobSql.FENCE;
		}

		/**
		 * The parameters of {@link #rowSql()} for a row, the fence's last.
		 * @param acknowledgement the row
		 * @param now the time of the write
		 * @return the parameters
		 */
		@Nullable Object[] rowParams(Acknowledgement acknowledgement, Instant now) {
			Matcher matcher = PLACEHOLDER.matcher(this.assignments);
			java.util.ArrayList<@Nullable Object> params = new java.util.ArrayList<>();
			while (matcher.find()) {
				params.add(matcher.group(1).equals("now") ? now : acknowledgement.values()[index(matcher.group(1))]);
			}
			params.add(acknowledgement.lease().jobId());
			params.add(acknowledgement.lease().token());
			return params.toArray();
		}

		/**
		 * How many times the time of the write appears in the assignments, each a
		 * parameter before the arrays of {@link #setSql()}.
		 * @return the count
		 */
		int nowParameters() {
			Matcher matcher = PLACEHOLDER.matcher(this.assignments);
			int count = 0;
			while (matcher.find()) {
				count += matcher.group(1).equals("now") ? 1 : 0;
			}
			return count;
		}

		/**
		 * One statement for a whole group of this shape (PostgreSQL): the rows come as
		 * arrays (ids, tokens, then each column), joined to the table, and each is still
		 * fenced by its own token; the statement returns the ids it changed.
		 * @return the SQL
		 */
		String setSql() {
			StringBuilder arrays = new StringBuilder("?::bigint[], ?::text[]");
			StringBuilder names = new StringBuilder("id, token");
			for (Column column : this.columns) {
				arrays.append(", ?::").append(column.type()).append("[]");
				names.append(", ").append(column.name());
			}
			String assignments = PLACEHOLDER.matcher(this.assignments)
				.replaceAll((match) -> match.group(1).equals("now") ? "?" : "v." + match.group(1));
			return "UPDATE jobs SET " + assignments + " FROM unnest(" + arrays + ") AS v(" + names
					+ ") WHERE jobs.id = v.id AND jobs.lease_token = v.token RETURNING jobs.id";
		}

		private int index(String column) {
			for (int i = 0; i < this.columns.size(); i++) {
				if (this.columns.get(i).name().equals(column)) {
					return i;
				}
			}
			throw new IllegalStateException("No column " + column + " in " + this);
		}

	}

	/**
	 * A column a row of a shape sets.
	 *
	 * @param name the column
	 * @param type its PostgreSQL type, for the array it comes in
	 */
	record Column(String name, String type) {

		static Column of(String name, String type) {
			return new Column(name, type);
		}

	}

}
