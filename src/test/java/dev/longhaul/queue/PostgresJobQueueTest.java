package dev.longhaul.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import dev.longhaul.support.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresJobQueueTest extends JobQueueContractTest {

	@Override
	HikariDataSource createDataSource() {
		return TestDatabases.postgres();
	}

	/**
	 * The explorer's pages are read off an index and stop once full: the whole list
	 * through the primary key backwards, a status and type through jobs_status_type.
	 */
	@Test
	void explorerPagesAreReadOffAnIndexNotByScanningTheTable() {
		this.jdbc.sql("""
				INSERT INTO jobs (queue, type, payload, status, priority, run_at, attempts, max_attempts, created_at,
				                  updated_at, finished_at)
				SELECT 'email', CASE WHEN n % 100 = 0 THEN 'thumbnail' ELSE 'email' END, '{}',
				       CASE WHEN n % 100 = 0 THEN 'DEAD' ELSE 'SUCCEEDED' END, 0, now(), 1, 3, now(), now(), now()
				FROM generate_series(1, 20000) AS n
				""").update();
		this.jdbc.sql("ANALYZE jobs").update();
		long middle = this.jdbc.sql("SELECT MIN(id) + 10000 FROM jobs").query(Long.class).single();

		assertThat(plan(JobFilter.ALL, null)).contains("Index Scan Backward using jobs_pkey")
			.doesNotContain("Seq Scan");
		assertThat(plan(JobFilter.ALL, middle)).contains("Index Scan Backward using jobs_pkey")
			.doesNotContain("Seq Scan");
		assertThat(plan(filter(null, "thumbnail", Set.of(JobStatus.DEAD)), null))
			.contains("Index Scan Backward using jobs_status_type")
			.doesNotContain("Seq Scan");
		assertThat(plan(filter(null, "thumbnail", Set.of(JobStatus.DEAD)), middle))
			.contains("Index Scan Backward using jobs_status_type")
			.doesNotContain("Seq Scan");
	}

	private String plan(JobFilter filter, Long before) {
		List<Object> params = new ArrayList<>();
		String sql = JobQueries.exploreSql(filter, before, 51, params);
		for (Object param : params) {
			String literal = (param instanceof String text) ? "'" + text + "'" : String.valueOf(param);
			sql = sql.replaceFirst("\\?", literal);
		}
		return String.join("\n", this.jdbc.sql("EXPLAIN " + sql).query(String.class).list());
	}

}
