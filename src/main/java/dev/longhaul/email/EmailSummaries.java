package dev.longhaul.email;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.longhaul.queue.JobStatus;

import static dev.longhaul.config.SqlTime.instant;

/**
 * The {@code email_summaries} table: what the email list shows of each email (its
 * recipients and subject), stored with its job so that a list never reads a payload,
 * whose bodies may be up to 1 MB. Thread-safe.
 */
final class EmailSummaries {

	private final JdbcTemplate batch;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	EmailSummaries(JdbcTemplate jdbc, JsonMapper json) {
		this.batch = jdbc;
		this.jdbc = JdbcClient.create(jdbc);
		this.json = json;
	}

	/**
	 * Stores the summaries of emails just enqueued, in the caller's transaction.
	 * @param jobIds the emails' jobs
	 * @param requests the emails, in the same order
	 */
	void insert(List<Long> jobIds, List<EmailRequest> requests) {
		List<Object[]> rows = new ArrayList<>(jobIds.size());
		for (int i = 0; i < jobIds.size(); i++) {
			EmailRequest request = requests.get(i);
			Summary summary = new Summary(request.toOrEmpty(), request.ccOrEmpty(), request.bccOrEmpty(),
					request.subject());
			rows.add(new Object[] { jobIds.get(i), this.json.writeValueAsString(summary) });
		}
		if (!rows.isEmpty()) {
			this.batch.batchUpdate("INSERT INTO email_summaries (job_id, summary) VALUES (?, ?)", rows);
		}
	}

	/**
	 * A page of a queue's jobs, newest first, with their summaries: the job's columns a
	 * view shows, never its payload.
	 * @param queue the queue
	 * @param status only jobs in this status, or all if {@code null}
	 * @param withError only jobs that have a last error ({@code true}) or none
	 * ({@code false}), or all if {@code null}
	 * @param page the page, from 0
	 * @param size jobs per page
	 * @return the rows, and how many match on all pages
	 */
	Page page(String queue, @Nullable JobStatus status, @Nullable Boolean withError, int page, int size) {
		StringBuilder where = new StringBuilder(" WHERE j.queue = ?");
		List<Object> params = new ArrayList<>(List.of(queue));
		if (status != null) {
			where.append(" AND j.status = ?");
			params.add(status.name());
		}
		if (withError != null) {
			where.append(withError ? " AND j.last_error IS NOT NULL" : " AND j.last_error IS NULL");
		}
		long total = this.jdbc.sql("SELECT COUNT(*) FROM jobs j" + where).params(params).query(Long.class).single();
		List<Object> pageParams = new ArrayList<>(params);
		pageParams.add(size);
		pageParams.add((long) page * size);
		List<Row> rows = this.jdbc
			.sql("SELECT j.id, j.status, j.attempts, j.last_error, j.run_at, j.finished_at, j.created_at, s.summary "
					+ "FROM jobs j LEFT JOIN email_summaries s ON s.job_id = j.id" + where
					+ " ORDER BY j.id DESC LIMIT ? OFFSET ?")
			.params(pageParams)
			.query(this::row)
			.list();
		return new Page(rows, total);
	}

	private Row row(ResultSet rs, int row) throws SQLException {
		String summary = rs.getString("summary");
		return new Row(rs.getLong("id"), JobStatus.valueOf(rs.getString("status")), rs.getInt("attempts"),
				rs.getString("last_error"), instant(rs, "run_at"), instant(rs, "finished_at"),
				instant(rs, "created_at"), (summary != null) ? this.json.readValue(summary, Summary.class) : null);
	}

	/**
	 * What the list shows of an email's payload.
	 *
	 * @param to recipients
	 * @param cc carbon-copy recipients
	 * @param bcc blind-copy recipients
	 * @param subject the subject
	 */
	record Summary(List<String> to, List<String> cc, List<String> bcc, @Nullable String subject) {
	}

	/**
	 * An email's job as the list reads it.
	 *
	 * @param id the job's id
	 * @param status its status
	 * @param attempts tries that ended without success
	 * @param lastError why the last try failed
	 * @param runAt when it is due
	 * @param finishedAt when it ended
	 * @param createdAt when it was enqueued
	 * @param summary its summary, or {@code null} if it was stored without one (before
	 * the table existed)
	 */
	record Row(long id, JobStatus status, int attempts, @Nullable String lastError, Instant runAt,
			@Nullable Instant finishedAt, Instant createdAt, @Nullable Summary summary) {
	}

	/**
	 * A page of rows.
	 *
	 * @param rows the rows
	 * @param total rows on all pages
	 */
	record Page(List<Row> rows, long total) {
	}

}
