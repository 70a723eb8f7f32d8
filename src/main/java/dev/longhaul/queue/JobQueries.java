package dev.longhaul.queue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;

import static dev.longhaul.config.SqlTime.at;
import static dev.longhaul.config.SqlTime.instant;
import static dev.longhaul.queue.JobSql.READY;

/**
 * Read-only queries of the {@code jobs} table, for the API, the dashboard and the
 * metrics.
 * <p>
 * Thread-safe.
 */
public final class JobQueries {

	/** What a list shows of each job: no payload, progress or result. */
	private static final String SUMMARY_COLUMNS = "id, queue, type, status, priority, attempts, max_attempts, run_at, "
			+ "lease_owner, lease_until, last_error, created_at, started_at, finished_at";

	private final JdbcClient jdbc;

	private final Clock clock;

	public JobQueries(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * A job by id.
	 * @param id the id
	 * @return the job, if it exists
	 */
	public Optional<Job> find(long id) {
		return this.jdbc.sql("SELECT " + JobSql.COLUMNS + " FROM jobs WHERE id = ?")
			.param(id)
			.query(JobSql::map)
			.optional();
	}

	/**
	 * The states of jobs, read by id in one statement: a feature that lists rows of its
	 * own with their jobs reads its page first and then the states of all their jobs at
	 * once, rather than one job per row or a join on this package's table.
	 * @param ids the jobs
	 * @param progressHead how many characters of each job's progress to read, 0 for none
	 * (a progress may hold a checkpoint of several MB)
	 * @return the states by job id; a job that no longer exists is not in it
	 */
	public Map<Long, JobState> states(Collection<Long> ids, int progressHead) {
		if (ids.isEmpty()) {
			return Map.of();
		}
		String head = (progressHead > 0) ? "SUBSTRING(j.progress FROM 1 FOR " + progressHead + ")" : "NULL";
		Map<Long, JobState> states = new HashMap<>();
		this.jdbc
			.sql("SELECT j.id, j.status, j.attempts, j.last_error, j.started_at, j.finished_at, " + head
					+ " AS progress_head FROM jobs j WHERE j.id = ANY(?)")
			.param(new SqlArrayValue("bigint", ids.toArray(new Long[0])))
			.query((rs) -> {
				long id = rs.getLong("id");
				states.put(id,
						new JobState(id, JobStatus.valueOf(rs.getString("status")), rs.getInt("attempts"),
								rs.getString("last_error"), instant(rs, "started_at"), instant(rs, "finished_at"),
								rs.getString("progress_head")));
			});
		return states;
	}

	/**
	 * The ids of a type's jobs in a status, read from the {@code (status, type, id)}
	 * index alone: for a feature that filters rows of its own by their jobs' status.
	 * @param type the job type
	 * @param status the status
	 * @return the ids, in no particular order
	 */
	public List<Long> ids(String type, JobStatus status) {
		return this.jdbc.sql("SELECT id FROM jobs WHERE status = ? AND type = ?")
			.params(status.name(), type)
			.query(Long.class)
			.list();
	}

	/**
	 * A page of a queue's jobs, newest first.
	 * @param queue the queue
	 * @param status only jobs in this status, or all if {@code null}
	 * @param withError only jobs that have a last error ({@code true}) or none
	 * ({@code false}), or all if {@code null}
	 * @param page the page, from 0
	 * @param size jobs per page
	 * @return the page
	 */
	public JobPage list(String queue, @Nullable JobStatus status, @Nullable Boolean withError, int page, int size) {
		List<Job> jobs = page(JobSql.COLUMNS, JobSql::map, queue, status, withError, page, size);
		return new JobPage(jobs, page, size, count(queue, status, withError));
	}

	/**
	 * A page of a queue's jobs, newest first, as a list shows them: without payload,
	 * progress or result, for a feature that lists its jobs with what it keeps of each in
	 * a table of its own (the email list, with the recipients and subject of each).
	 * @param queue the queue
	 * @param status only jobs in this status, or all if {@code null}
	 * @param withError only jobs that have a last error ({@code true}) or none
	 * ({@code false}), or all if {@code null}
	 * @param page the page, from 0
	 * @param size jobs per page
	 * @return the jobs of the page
	 */
	public List<JobSummary> summaries(String queue, @Nullable JobStatus status, @Nullable Boolean withError, int page,
			int size) {
		return page(SUMMARY_COLUMNS, JobQueries::summary, queue, status, withError, page, size);
	}

	/**
	 * A page of a queue's jobs, newest first, as the given columns and mapper read them.
	 */
	private <T> List<T> page(String columns, RowMapper<T> mapper, String queue, @Nullable JobStatus status,
			@Nullable Boolean withError, int page, int size) {
		List<Object> params = new ArrayList<>();
		String where = where(queue, status, withError, params);
		params.add(size);
		params.add((long) page * size);
		return this.jdbc.sql("SELECT " + columns + " FROM jobs" + where + " ORDER BY id DESC LIMIT ? OFFSET ?")
			.params(params)
			.query(mapper)
			.list();
	}

	/**
	 * How many of a queue's jobs {@link #list} and {@link #summaries} page through.
	 * @param queue the queue
	 * @param status only jobs in this status, or all if {@code null}
	 * @param withError only jobs that have a last error ({@code true}) or none
	 * ({@code false}), or all if {@code null}
	 * @return the count
	 */
	public long count(String queue, @Nullable JobStatus status, @Nullable Boolean withError) {
		List<Object> params = new ArrayList<>();
		String where = where(queue, status, withError, params);
		return this.jdbc.sql("SELECT COUNT(*) FROM jobs" + where).params(params).query(Long.class).single();
	}

	private static String where(String queue, @Nullable JobStatus status, @Nullable Boolean withError,
			List<Object> params) {
		StringBuilder where = new StringBuilder(" WHERE queue = ?");
		params.add(queue);
		if (status != null) {
			where.append(" AND status = ?");
			params.add(status.name());
		}
		if (withError != null) {
			where.append(withError ? " AND last_error IS NOT NULL" : " AND last_error IS NULL");
		}
		return where.toString();
	}

	/**
	 * A page of the jobs a filter takes, newest (highest id) first, without their
	 * payloads: keyset-paged, so each page reads from its cursor on (through the primary
	 * key, or the {@code (status, type, id)} index when a status or type is given) and
	 * stops once the page is full, and jobs added meanwhile neither repeat nor shift
	 * later pages.
	 * @param filter which jobs
	 * @param before only jobs with a lower id (the previous page's {@code next}), or
	 * {@code null} for the first page
	 * @param size jobs per page, at least 1
	 * @return the page
	 */
	public JobListing explore(JobFilter filter, @Nullable Long before, int size) {
		List<Object> params = new ArrayList<>();
		String sql = exploreSql(filter, before, size + 1, params);
		List<JobSummary> jobs = this.jdbc.sql(sql).params(params).query(JobQueries::summary).list();
		if (jobs.size() <= size) {
			return new JobListing(jobs, null);
		}
		List<JobSummary> page = List.copyOf(jobs.subList(0, size));
		return new JobListing(page, page.get(size - 1).id());
	}

	/** The explorer's list query; package-private for the plan tests. */
	static String exploreSql(JobFilter filter, @Nullable Long before, int limit, List<Object> params) {
		List<String> conditions = filter.conditions(params);
		if (before != null) {
			conditions.add("id < ?");
			params.add(before);
		}
		params.add(limit);
		String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
		return "SELECT " + SUMMARY_COLUMNS + " FROM jobs" + where + " ORDER BY id DESC LIMIT ?";
	}

	private static JobSummary summary(ResultSet rs, int row) throws SQLException {
		return new JobSummary(rs.getLong("id"), rs.getString("queue"), rs.getString("type"),
				JobStatus.valueOf(rs.getString("status")), rs.getInt("priority"), rs.getInt("attempts"),
				rs.getInt("max_attempts"), instant(rs, "run_at"), rs.getString("lease_owner"),
				instant(rs, "lease_until"), rs.getString("last_error"), instant(rs, "created_at"),
				instant(rs, "started_at"), instant(rs, "finished_at"));
	}

	/**
	 * How many jobs a queue has in each status.
	 * @param queue the queue
	 * @return counts, every status present
	 */
	public Map<JobStatus, Long> countByStatus(String queue) {
		Map<JobStatus, Long> counts = zeroCounts();
		this.jdbc.sql("SELECT status, COUNT(*) FROM jobs WHERE queue = ? GROUP BY status").param(queue).query((rs) -> {
			counts.put(JobStatus.valueOf(rs.getString(1)), rs.getLong(2));
		});
		return counts;
	}

	/**
	 * How many jobs each queue has in each status.
	 * @return counts by queue name, sorted, every status present
	 */
	public Map<String, Map<JobStatus, Long>> countAll() {
		Map<String, Map<JobStatus, Long>> counts = new TreeMap<>();
		this.jdbc.sql("SELECT queue, status, COUNT(*) FROM jobs GROUP BY queue, status").query((rs) -> {
			counts.computeIfAbsent(rs.getString(1), (queue) -> zeroCounts())
				.put(JobStatus.valueOf(rs.getString(2)), rs.getLong(3));
		});
		return counts;
	}

	/**
	 * Counts with every status at zero.
	 * @return a mutable map
	 */
	public static Map<JobStatus, Long> zeroCounts() {
		Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
		for (JobStatus status : JobStatus.values()) {
			counts.put(status, 0L);
		}
		return counts;
	}

	/**
	 * When the longest-waiting due job of a queue became due.
	 * @param queue the queue
	 * @return its due time, if the queue has a due job
	 */
	public Optional<Instant> oldestDue(String queue) {
		return this.jdbc.sql("SELECT MIN(run_at) FROM jobs WHERE queue = ? AND status = " + READY + " AND run_at <= ?")
			.params(queue, at(this.clock.instant()))
			.query((rs, row) -> instant(rs, 1))
			.optional();
	}

}
