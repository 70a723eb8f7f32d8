package dev.longhaul.queue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;

import static dev.longhaul.config.SqlTime.instant;

/**
 * The SQL of the {@code jobs} table that more than one role writes: its columns, the
 * statuses (the names of {@link JobStatus}, as SQL literals), the lease fence, the
 * clearing of a lease, and the mapping of a row.
 */
final class JobSql {

	/** {@link JobStatus#READY} as an SQL literal; the other statuses likewise. */
	static final String READY = literal(JobStatus.READY);

	static final String RUNNING = literal(JobStatus.RUNNING);

	static final String SUCCEEDED = literal(JobStatus.SUCCEEDED);

	static final String DEAD = literal(JobStatus.DEAD);

	static final String CANCELLED = literal(JobStatus.CANCELLED);

	/** The statuses of a job that ended, as an SQL list. */
	static final String ENDED = "(" + SUCCEEDED + ", " + DEAD + ", " + CANCELLED + ")";

	/** Every column, in {@link #map} order. */
	static final String COLUMNS = "id, queue, type, payload, status, priority, run_at, attempts, max_attempts, "
			+ "lease_owner, lease_token, lease_until, last_error, idempotency_key, request_hash, progress, result, "
			+ "created_at, updated_at, started_at, finished_at, trace_parent";

	/**
	 * The fence of every update by the holder of a lease: the row must still carry that
	 * lease's token. Every way out of {@code RUNNING} clears the token, so the token
	 * alone fences. (With {@code AND status = 'RUNNING'} as well, PostgreSQL at times
	 * planned the acknowledgement as a scan of the running rows through an index that
	 * leads with {@code status}, filtering on the id: 1.6 ms per acknowledgement with
	 * thousands running, the primary key's lookup being a few microseconds.) Parameters:
	 * the job's id, the lease token.
	 */
	static final String FENCE = " WHERE id = ? AND lease_token = ?";

	/** Assignments that end a lease (the row leaves {@code RUNNING}). */
	static final String CLEAR_LEASE = "lease_owner = NULL, lease_token = NULL, lease_until = NULL";

	/** The longest error text a row keeps. */
	static final int MAX_ERROR_LENGTH = 2000;

	private JobSql() {
	}

	private static String literal(JobStatus status) {
		return "'" + status.name() + "'";
	}

	/** {@code ?, ?, ?} for an {@code IN} list of {@code count} values. */
	static String placeholders(int count) {
		return String.join(", ", Collections.nCopies(count, "?"));
	}

	static String truncate(String error) {
		return (error.length() <= MAX_ERROR_LENGTH) ? error : error.substring(0, MAX_ERROR_LENGTH - 1) + "…";
	}

	static Job map(ResultSet rs, int row) throws SQLException {
		return new Job(rs.getLong("id"), rs.getString("queue"), rs.getString("type"), rs.getString("payload"),
				JobStatus.valueOf(rs.getString("status")), rs.getInt("priority"), instant(rs, "run_at"),
				rs.getInt("attempts"), rs.getInt("max_attempts"), rs.getString("lease_owner"),
				rs.getString("lease_token"), instant(rs, "lease_until"), rs.getString("last_error"),
				rs.getString("idempotency_key"), rs.getString("request_hash"), rs.getString("progress"),
				rs.getString("result"), instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "started_at"),
				instant(rs, "finished_at"), rs.getString("trace_parent"));
	}

}
