package dev.longhaul.processing;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

import dev.longhaul.queue.JobStatus;

import static dev.longhaul.config.SqlTime.at;
import static dev.longhaul.config.SqlTime.instant;

/**
 * The {@code datasets} table.
 */
final class DatasetStore {

	private static final String COLUMNS = "id, name, file_path, size_bytes, delimiter, notify, job_id, report, "
			+ "created_at";

	/**
	 * What a view shows, from the dataset and its job: not the report, and only the head
	 * of the progress, where the counts are, not the checkpoint after them.
	 */
	private static final String SUMMARY = "SELECT d.id, d.name, d.size_bytes, d.created_at, "
			+ "d.report IS NOT NULL AS has_report, j.id AS job_id, j.status, j.attempts, j.last_error, j.started_at, "
			+ "j.finished_at, SUBSTRING(j.progress FROM 1 FOR " + DatasetProgress.HEAD_LENGTH + ") AS progress_head "
			+ "FROM datasets d LEFT JOIN jobs j ON j.id = d.job_id";

	private final JdbcClient jdbc;

	DatasetStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	long insert(String name, Path file, long sizeBytes, char delimiter, @Nullable String notify, Instant now) {
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO datasets (name, file_path, size_bytes, delimiter, notify, created_at) "
					+ "VALUES (?, ?, ?, ?, ?, ?)")
			.params(name, file.toString(), sizeBytes, String.valueOf(delimiter), notify, at(now))
			.update(keys, "id");
		return keys.getKeyAs(Number.class).longValue();
	}

	void attachJob(long id, long jobId) {
		this.jdbc.sql("UPDATE datasets SET job_id = ? WHERE id = ?").params(jobId, id).update();
	}

	void saveReport(long id, String report) {
		this.jdbc.sql("UPDATE datasets SET report = ? WHERE id = ?").params(report, id).update();
	}

	Optional<Dataset> find(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM datasets WHERE id = ?")
			.param(id)
			.query(DatasetStore::map)
			.optional();
	}

	/** A dataset as a view shows it. */
	Optional<DatasetSummary> summary(long id) {
		return this.jdbc.sql(SUMMARY + " WHERE d.id = ?").param(id).query(DatasetStore::summary).optional();
	}

	/** A page of the datasets, newest first, as a view shows them. */
	List<DatasetSummary> page(int page, int size) {
		return this.jdbc.sql(SUMMARY + " ORDER BY d.id DESC LIMIT ? OFFSET ?")
			.params(size, (long) page * size)
			.query(DatasetStore::summary)
			.list();
	}

	/**
	 * A page of the datasets whose job is in a status, newest first, as a view shows
	 * them.
	 */
	List<DatasetSummary> page(JobStatus status, int page, int size) {
		return this.jdbc.sql(SUMMARY + " WHERE j.status = ? ORDER BY d.id DESC LIMIT ? OFFSET ?")
			.params(status.name(), size, (long) page * size)
			.query(DatasetStore::summary)
			.list();
	}

	long count() {
		return this.jdbc.sql("SELECT COUNT(*) FROM datasets").query(Long.class).single();
	}

	long count(JobStatus status) {
		return this.jdbc.sql("SELECT COUNT(*) FROM datasets d JOIN jobs j ON j.id = d.job_id WHERE j.status = ?")
			.param(status.name())
			.query(Long.class)
			.single();
	}

	/** Datasets whose job ended before the given time, oldest first. */
	List<Dataset> finishedBefore(Instant before, int limit) {
		return this.jdbc
			.sql("SELECT d.id, d.name, d.file_path, d.size_bytes, d.delimiter, d.notify, d.job_id, d.report, "
					+ "d.created_at FROM datasets d JOIN jobs j ON j.id = d.job_id WHERE j.status IN ('SUCCEEDED', 'DEAD', "
					+ "'CANCELLED') AND j.finished_at < ? ORDER BY j.finished_at LIMIT ?")
			.params(at(before), limit)
			.query(DatasetStore::map)
			.list();
	}

	/** Datasets whose job no longer exists (the job cleaner deleted it). */
	List<Dataset> orphaned(int limit) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM datasets d WHERE d.job_id IS NOT NULL "
					+ "AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.id = d.job_id) ORDER BY d.id LIMIT ?")
			.param(limit)
			.query(DatasetStore::map)
			.list();
	}

	boolean delete(long id) {
		return this.jdbc.sql("DELETE FROM datasets WHERE id = ?").param(id).update() == 1;
	}

	private static DatasetSummary summary(ResultSet rs, int row) throws SQLException {
		long jobId = rs.getLong("job_id");
		Long job = rs.wasNull() ? null : jobId;
		String status = rs.getString("status");
		return new DatasetSummary(rs.getLong("id"), rs.getString("name"), rs.getLong("size_bytes"),
				instant(rs, "created_at"), rs.getBoolean("has_report"), job,
				(status != null) ? JobStatus.valueOf(status) : null, rs.getInt("attempts"), rs.getString("last_error"),
				instant(rs, "started_at"), instant(rs, "finished_at"), rs.getString("progress_head"));
	}

	private static Dataset map(ResultSet rs, int row) throws SQLException {
		long jobId = rs.getLong("job_id");
		Long job = rs.wasNull() ? null : jobId;
		return new Dataset(rs.getLong("id"), rs.getString("name"), Path.of(rs.getString("file_path")),
				rs.getLong("size_bytes"), rs.getString("delimiter").charAt(0), rs.getString("notify"), job,
				rs.getString("report"), instant(rs, "created_at"));
	}

}
