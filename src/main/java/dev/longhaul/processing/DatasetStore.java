package dev.longhaul.processing;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.SqlArrayValue;

import static dev.longhaul.config.SqlTime.at;
import static dev.longhaul.config.SqlTime.instant;

/**
 * The {@code datasets} table. The state of a dataset's job is the queue's: callers read
 * it through {@link dev.longhaul.queue.JobQueries}, never from here.
 */
final class DatasetStore {

	private static final String COLUMNS = "id, name, file_path, size_bytes, delimiter, notify, job_id, report, "
			+ "created_at";

	/** What a view shows of a dataset's row: not the report, only whether it is there. */
	private static final String SUMMARY = "SELECT d.id, d.name, d.size_bytes, d.created_at, "
			+ "d.report IS NOT NULL AS has_report, d.job_id FROM datasets d";

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
	 * A page of the datasets whose job is one of the given, newest first, as a view shows
	 * them.
	 */
	List<DatasetSummary> page(Collection<Long> jobIds, int page, int size) {
		return this.jdbc.sql(SUMMARY + " WHERE d.job_id = ANY(?) ORDER BY d.id DESC LIMIT ? OFFSET ?")
			.params(jobIds(jobIds), size, (long) page * size)
			.query(DatasetStore::summary)
			.list();
	}

	long count() {
		return this.jdbc.sql("SELECT COUNT(*) FROM datasets").query(Long.class).single();
	}

	/** How many datasets have one of the given jobs. */
	long count(Collection<Long> jobIds) {
		return this.jdbc.sql("SELECT COUNT(*) FROM datasets WHERE job_id = ANY(?)")
			.param(jobIds(jobIds))
			.query(Long.class)
			.single();
	}

	/**
	 * The next datasets that have a job, in id order, for retention to look their jobs
	 * up.
	 * @param afterId only datasets with a higher id (the last of the previous batch), 0
	 * at first
	 * @param limit the most to return
	 * @return the datasets, without their reports
	 */
	List<Upload> withJob(long afterId, int limit) {
		return this.jdbc
			.sql("SELECT id, job_id, file_path FROM datasets WHERE job_id IS NOT NULL AND id > ? ORDER BY id LIMIT ?")
			.params(afterId, limit)
			.query((rs, row) -> new Upload(rs.getLong("id"), rs.getLong("job_id"), Path.of(rs.getString("file_path"))))
			.list();
	}

	boolean delete(long id) {
		return this.jdbc.sql("DELETE FROM datasets WHERE id = ?").param(id).update() == 1;
	}

	private static DatasetSummary summary(ResultSet rs, int row) throws SQLException {
		long jobId = rs.getLong("job_id");
		Long job = rs.wasNull() ? null : jobId;
		return new DatasetSummary(rs.getLong("id"), rs.getString("name"), rs.getLong("size_bytes"),
				instant(rs, "created_at"), rs.getBoolean("has_report"), job);
	}

	private static SqlArrayValue jobIds(Collection<Long> jobIds) {
		return new SqlArrayValue("bigint", jobIds.toArray(new Long[0]));
	}

	private static Dataset map(ResultSet rs, int row) throws SQLException {
		long jobId = rs.getLong("job_id");
		Long job = rs.wasNull() ? null : jobId;
		return new Dataset(rs.getLong("id"), rs.getString("name"), Path.of(rs.getString("file_path")),
				rs.getLong("size_bytes"), rs.getString("delimiter").charAt(0), rs.getString("notify"), job,
				rs.getString("report"), instant(rs, "created_at"));
	}

	/**
	 * A dataset as retention sees it.
	 *
	 * @param id its id
	 * @param jobId the job that profiles it
	 * @param file where the upload is stored
	 */
	record Upload(long id, long jobId, Path file) {
	}

}
