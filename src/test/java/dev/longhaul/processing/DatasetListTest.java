package dev.longhaul.processing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

import dev.longhaul.processing.profile.Checkpoint;
import dev.longhaul.queue.Job;
import dev.longhaul.queue.JobContext;
import dev.longhaul.queue.JobHandler;
import dev.longhaul.queue.JobOutcome;
import dev.longhaul.queue.JobSettings;
import dev.longhaul.queue.QueueProperties;
import dev.longhaul.queue.TestJobEngine;
import dev.longhaul.support.MutableClock;
import dev.longhaul.support.RecordingDataSource;
import dev.longhaul.support.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dataset list and view read neither the report nor the checkpoint, only the head of
 * the progress where the counts are, and their jobs' state as the queue has it now,
 * through its API and one statement per page, on H2 and PostgreSQL.
 */
class DatasetListTest {

	private static final Pattern PROGRESS = Pattern.compile("\\bprogress\\b", Pattern.CASE_INSENSITIVE);

	private static final Pattern REPORT = Pattern.compile("\\breport\\b", Pattern.CASE_INSENSITIVE);

	private static final Pattern JOBS = Pattern.compile("\\bjobs\\b", Pattern.CASE_INSENSITIVE);

	private static final Pattern DATASETS = Pattern.compile("\\bdatasets\\b", Pattern.CASE_INSENSITIVE);

	private final JsonMapper json = JsonMapper.builder().build();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	@TempDir
	Path storage;

	private HikariDataSource database;

	private RecordingDataSource recording;

	private TestJobEngine engine;

	private DatasetStore store;

	private Datasets datasets;

	@AfterEach
	void close() {
		if (this.database != null) {
			this.database.close();
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "h2", "postgresql" })
	void listShowsTheCountsOfARunningDatasetWithoutSelectingItsCheckpointOrAReport(String database) {
		start(database);
		long running = upload();
		long reported = upload();
		this.engine.claim(Datasets.QUEUE, 1);
		storeProgress(running, this.json.writeValueAsString(new DatasetProgress(1234, 56, 789.5, bigCheckpoint())));
		this.store.saveReport(reported, "{\"columns\":\"" + "r".repeat(2_000_000) + "\"}");
		this.recording.clear();

		DatasetPage page = this.datasets.list(null, 0, 20);
		DatasetPage runningOnly = this.datasets.list(DatasetStatus.RUNNING, 0, 20);

		List<String> statements = this.recording.statements();
		assertThat(statements).isNotEmpty().allSatisfy((sql) -> {
			assertThat(count(PROGRESS, sql)).isEqualTo(count(sql, "SUBSTRING(j.progress FROM 1 FOR "));
			assertThat(count(REPORT, sql)).isEqualTo(count(sql, "d.report IS NOT NULL"));
		});
		DatasetView view = runningOnly.items().get(0);
		assertThat(runningOnly.items()).hasSize(1);
		assertThat(view.id()).isEqualTo(running);
		assertThat(view.status()).isEqualTo(DatasetStatus.RUNNING);
		long size = view.sizeBytes();
		assertThat(view.progress())
			.isEqualTo(new DatasetView.Progress(1234, 56, Math.round(Math.min(100.0, 100.0 * 1234 / size) * 10) / 10.0,
					789.5, (long) Math.ceil((size - 1234) / 789.5)));
		assertThat(page.items()).extracting(DatasetView::id).containsExactly(reported, running);
		assertThat(page.items()).containsExactly(this.datasets.find(reported).orElseThrow(), view);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "h2", "postgresql" })
	void progressStoredInAnotherOrderIsReadWhole(String database) {
		start(database);
		long id = upload();
		this.engine.claim(Datasets.QUEUE, 1);
		// As an older version stored it: the checkpoint before the counts.
		storeProgress(id,
				"{\"bytesPerSecond\":10.0,\"checkpoint\":\"" + bigCheckpoint() + "\",\"offset\":100,\"rows\":7}");

		DatasetView view = this.datasets.list(null, 0, 20).items().get(0);

		assertThat(view.progress().bytesProcessed()).isEqualTo(100);
		assertThat(view.progress().rowsProcessed()).isEqualTo(7);
		assertThat(view.progress().bytesPerSecond()).isEqualTo(10.0);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "h2", "postgresql" })
	void listAndViewShowEachDatasetsJobAsTheQueueHasItNow(String database) {
		start(database);
		long first = upload();
		long second = upload();
		assertThat(this.datasets.list(null, 0, 20).items()).extracting(DatasetView::status)
			.containsExactly(DatasetStatus.QUEUED, DatasetStatus.QUEUED);

		Job job = this.engine.claim(Datasets.QUEUE, 1).get(0);
		Instant started = this.clock.instant();

		DatasetView running = this.datasets.list(null, 0, 20).items().get(1);
		assertThat(running.id()).isEqualTo(first);
		assertThat(running.status()).isEqualTo(DatasetStatus.RUNNING);
		assertThat(running.startedAt()).isEqualTo(started);
		assertThat(ids(DatasetStatus.RUNNING)).containsExactly(first);
		assertThat(ids(DatasetStatus.QUEUED)).containsExactly(second);
		assertThat(this.datasets.list(DatasetStatus.RUNNING, 0, 20).total()).isOne();

		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.engine.fail(job, "not a CSV file")).isTrue();
		this.datasets.cancel(second);

		DatasetPage page = this.datasets.list(null, 0, 20);
		DatasetView failed = page.items().get(1);
		assertThat(failed.status()).isEqualTo(DatasetStatus.FAILED);
		assertThat(failed.error()).isEqualTo("not a CSV file");
		assertThat(failed.attempts()).isOne();
		assertThat(failed.finishedAt()).isEqualTo(this.clock.instant());
		assertThat(page.items().get(0).status()).isEqualTo(DatasetStatus.CANCELLED);
		assertThat(this.datasets.find(first)).contains(failed);
		assertThat(ids(DatasetStatus.RUNNING)).isEmpty();
		assertThat(this.datasets.list(DatasetStatus.RUNNING, 0, 20).total()).isZero();
		assertThat(ids(DatasetStatus.FAILED)).containsExactly(first);
		assertThat(ids(DatasetStatus.CANCELLED)).containsExactly(second);
		assertThat(this.datasets.list(DatasetStatus.FAILED, 0, 20).items()).containsExactly(failed);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "h2", "postgresql" })
	void aPageReadsTheJobsOfAllItsDatasetsInOneStatementAndNeverJoinsTheQueuesTable(String database) {
		start(database);
		upload();
		List<String> ofOne = statementsOf(() -> this.datasets.list(null, 0, 20));
		List<String> filteredOfOne = statementsOf(() -> this.datasets.list(DatasetStatus.QUEUED, 0, 20));
		for (int i = 0; i < 12; i++) {
			upload();
		}
		this.engine.claim(Datasets.QUEUE, 5);

		List<String> ofThirteen = statementsOf(() -> assertThat(this.datasets.list(null, 0, 20).items()).hasSize(13));
		List<String> filteredOfEight = statementsOf(
				() -> assertThat(this.datasets.list(DatasetStatus.QUEUED, 0, 20).items()).hasSize(8));

		assertThat(ofThirteen).hasSameSizeAs(ofOne);
		assertThat(filteredOfEight).hasSameSizeAs(filteredOfOne);
		assertThat(ofThirteen).filteredOn((sql) -> JOBS.matcher(sql).find()).hasSize(1);
		assertThat(filteredOfEight).filteredOn((sql) -> JOBS.matcher(sql).find()).hasSize(2);
		assertThat(ofThirteen).as("statements that read both tables")
			.noneMatch((sql) -> JOBS.matcher(sql).find() && DATASETS.matcher(sql).find());
		assertThat(filteredOfEight).as("statements that read both tables")
			.noneMatch((sql) -> JOBS.matcher(sql).find() && DATASETS.matcher(sql).find());
	}

	@Test
	void storedProgressHoldsItsCountsWithinItsHeadWhateverTheirValues() {
		DatasetProgress widest = new DatasetProgress(Long.MAX_VALUE, Long.MIN_VALUE, -Double.MAX_VALUE,
				bigCheckpoint());
		DatasetProgress noRate = new DatasetProgress(0, 0, null, Checkpoint.start().toJson());

		for (DatasetProgress progress : List.of(widest, noRate)) {
			String stored = this.json.writeValueAsString(progress);
			String head = stored.substring(0, Math.min(stored.length(), DatasetProgress.HEAD_LENGTH));
			assertThat(DatasetProgress.counts(this.json, head))
				.isEqualTo(new DatasetProgress.Counts(progress.offset(), progress.rows(), progress.bytesPerSecond()));
		}
		assertThat(DatasetProgress.counts(this.json, "{\"offset\":1,\"ro")).isNull();
		assertThat(DatasetProgress.counts(this.json, "not json")).isNull();
	}

	private void start(String database) {
		this.database = database.equals("h2") ? TestDatabases.h2() : TestDatabases.postgres();
		this.recording = new RecordingDataSource(this.database);
		DataSource source = this.recording.dataSource();
		this.engine = new TestJobEngine(source, this.clock, "instance-a", QueueProperties.defaults(),
				new NotProcessed());
		this.store = new DatasetStore(JdbcClient.create(source));
		this.datasets = new Datasets(this.store, new DatasetFiles(this.storage, DataSize.ofMegabytes(10)),
				this.engine.client(), this.engine.queries(),
				new TransactionTemplate(new DataSourceTransactionManager(source)), this.json, this.clock);
	}

	private long upload() {
		byte[] csv = ("a,b\n" + "1,2\n".repeat(2000)).getBytes(StandardCharsets.UTF_8);
		this.clock.advance(Duration.ofSeconds(1));
		return this.datasets.upload(new ByteArrayInputStream(csv), csv.length, "d.csv", null, null).id();
	}

	private List<Long> ids(DatasetStatus status) {
		return this.datasets.list(status, 0, 20).items().stream().map(DatasetView::id).toList();
	}

	private List<String> statementsOf(Runnable action) {
		this.recording.clear();
		action.run();
		return this.recording.statements();
	}

	private void storeProgress(long dataset, String progress) {
		JdbcClient.create(this.database)
			.sql("UPDATE jobs SET progress = ? WHERE id = (SELECT job_id FROM datasets WHERE id = ?)")
			.params(progress, dataset)
			.update();
	}

	private static String bigCheckpoint() {
		return "c".repeat(5_000_000);
	}

	private static int count(Pattern pattern, String sql) {
		Matcher matcher = pattern.matcher(sql);
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

	private static int count(String sql, String allowed) {
		int count = 0;
		for (int at = sql.indexOf(allowed); at >= 0; at = sql.indexOf(allowed, at + 1)) {
			count++;
		}
		return count;
	}

	/** The dataset type, never run here. */
	static final class NotProcessed implements JobHandler<DatasetJob> {

		@Override
		public String type() {
			return DatasetProcessor.TYPE;
		}

		@Override
		public JobSettings configure(JobSettings defaults) {
			return defaults.withQueue(Datasets.QUEUE);
		}

		@Override
		public JobOutcome run(JobContext<DatasetJob> job) {
			throw new UnsupportedOperationException("not processed in this test");
		}

	}

}
