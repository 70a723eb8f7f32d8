package dev.longhaul.email;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;

import dev.longhaul.queue.JobQueries;
import dev.longhaul.queue.JobStatus;
import dev.longhaul.queue.JobSummary;

/**
 * The {@code email_summaries} table: what the email list shows of each email (its
 * recipients and subject), stored with its job so that a list never reads a payload,
 * whose bodies may be up to 1 MB. The jobs themselves it reads through the queue's
 * {@link JobQueries}. Thread-safe.
 */
final class EmailSummaries {

	private final JdbcTemplate batch;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final JobQueries queries;

	EmailSummaries(JdbcTemplate jdbc, JsonMapper json, JobQueries queries) {
		this.batch = jdbc;
		this.jdbc = JdbcClient.create(jdbc);
		this.json = json;
		this.queries = queries;
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
	 * view shows, read through the queue's {@link JobQueries}, never its payload; then
	 * the summaries of the whole page in one statement.
	 * @param queue the queue
	 * @param status only jobs in this status, or all if {@code null}
	 * @param withError only jobs that have a last error ({@code true}) or none
	 * ({@code false}), or all if {@code null}
	 * @param page the page, from 0
	 * @param size jobs per page
	 * @return the rows, and how many match on all pages
	 */
	Page page(String queue, @Nullable JobStatus status, @Nullable Boolean withError, int page, int size) {
		long total = this.queries.count(queue, status, withError);
		List<JobSummary> jobs = this.queries.summaries(queue, status, withError, page, size);
		Map<Long, Summary> summaries = new HashMap<>();
		if (!jobs.isEmpty()) {
			this.jdbc.sql("SELECT job_id, summary FROM email_summaries WHERE job_id = ANY(?)")
				.param(new SqlArrayValue("bigint", jobs.stream().map(JobSummary::id).toArray(Long[]::new)))
				.query((rs) -> {
					summaries.put(rs.getLong("job_id"), this.json.readValue(rs.getString("summary"), Summary.class));
				});
		}
		List<Row> rows = new ArrayList<>(jobs.size());
		for (JobSummary job : jobs) {
			rows.add(new Row(job.id(), job.status(), job.attempts(), job.lastError(), job.runAt(), job.finishedAt(),
					job.createdAt(), summaries.get(job.id())));
		}
		return new Page(rows, total);
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
