package dev.longhaul.processing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import de.siegmar.fastcsv.writer.LineDelimiter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

import dev.longhaul.config.InstanceId;
import dev.longhaul.email.EmailProperties;
import dev.longhaul.email.Outbox;
import dev.longhaul.queue.Job;
import dev.longhaul.queue.JobQueue;
import dev.longhaul.queue.JobSignals;
import dev.longhaul.queue.JobStatus;
import dev.longhaul.queue.QueueProperties;
import dev.longhaul.support.MutableClock;
import dev.longhaul.support.TestDatabases;
import dev.longhaul.worker.RoundResult;
import dev.longhaul.worker.StopToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The data processor's rounds, driven one by one on the test thread: a dataset stopped
 * gracefully mid-file, or whose worker vanished without a word (an expired lease),
 * resumes from its checkpoint and ends with exactly the report of an uninterrupted run.
 */
class DatasetProcessorTest {

	private static final int ROWS = 5_000;

	private static final int CHUNK = 400;

	private static final StopToken RUNNING = new StopToken() {

		@Override
		public boolean isStopRequested() {
			return false;
		}

		@Override
		public boolean awaitStop(Duration timeout) {
			return false;
		}

	};

	@TempDir
	Path storage;

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final JsonMapper json = JsonMapper.builder().build();

	/** As the application has them on two cores. */
	private final ProfilingThreads profilingThreads = new ProfilingThreads(1, 2);

	private HikariDataSource dataSource;

	private JobQueue jobs;

	private DatasetStore store;

	private Datasets datasets;

	private Outbox outbox;

	private TransactionTemplate transactions;

	private byte[] csv;

	@BeforeEach
	void setUp() {
		this.dataSource = TestDatabases.h2();
		JdbcClient jdbc = JdbcClient.create(this.dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		this.jobs = new JobQueue(this.dataSource, jdbc, this.transactions, this.clock, new InstanceId("test"),
				new QueueProperties(Duration.ofMinutes(5), 3, Duration.ofSeconds(10), Duration.ofHours(1), 2.0, 0.0),
				new JobSignals());
		this.store = new DatasetStore(jdbc);
		this.outbox = new Outbox(this.jobs, this.json, EmailProperties.defaults());
		this.datasets = new Datasets(this.store, new DatasetFiles(this.storage, DataSize.ofMegabytes(10)), this.jobs,
				this.transactions, this.json, this.clock);
		this.csv = new GeneratedDataset(7, ROWS, LineDelimiter.CRLF).bytes;
	}

	@AfterEach
	void tearDown() {
		this.profilingThreads.close();
		this.dataSource.close();
	}

	private DatasetProcessor processor() {
		return new DatasetProcessor(this.jobs, this.store, this.outbox, this.transactions, this.json,
				new ProcessingMetrics(new SimpleMeterRegistry()), CHUNK, this.profilingThreads);
	}

	private long upload(byte[] data, String notify) {
		return this.datasets.upload(new ByteArrayInputStream(data), data.length, "data.csv", null, notify).id();
	}

	private static void runToEnd(DatasetProcessor processor) throws Exception {
		for (int round = 0; round < 1000; round++) {
			if (processor.runRound(RUNNING) == RoundResult.IDLE) {
				return;
			}
		}
		throw new AssertionError("processor did not finish");
	}

	private String uninterruptedReport() throws Exception {
		long id = upload(this.csv, null);
		runToEnd(processor());
		return this.datasets.report(id);
	}

	private Job jobOf(long datasetId) {
		return this.jobs.find(this.store.find(datasetId).orElseThrow().jobId()).orElseThrow();
	}

	@Test
	void datasetStoppedGracefullyMidFileResumesFromItsCheckpointWithTheSameReport() throws Exception {
		String expected = uninterruptedReport();
		long id = upload(this.csv, null);
		DatasetProcessor first = processor();
		for (int i = 0; i < 3; i++) {
			assertThat(first.runRound(RUNNING)).isEqualTo(RoundResult.MORE_WORK);
		}

		first.onStop();

		Job handedBack = jobOf(id);
		assertThat(handedBack.status()).isEqualTo(JobStatus.READY);
		assertThat(handedBack.attempts()).isZero();
		DatasetView midway = this.datasets.find(id).orElseThrow();
		assertThat(midway.progress().rowsProcessed()).isEqualTo(3 * CHUNK);
		assertThat(midway.progress().bytesProcessed()).isPositive().isLessThan(this.csv.length);
		runToEnd(processor());
		assertThat(this.datasets.report(id)).isEqualTo(expected);
		assertThat(this.datasets.find(id).orElseThrow().status()).isEqualTo(DatasetStatus.SUCCEEDED);
	}

	@Test
	void datasetWhoseWorkerVanishedResumesFromItsCheckpointOnceTheLeaseExpires() throws Exception {
		String expected = uninterruptedReport();
		long id = upload(this.csv, null);
		DatasetProcessor crashed = processor();
		crashed.runRound(RUNNING);
		crashed.runRound(RUNNING);
		long offsetAtCrash = this.datasets.find(id).orElseThrow().progress().bytesProcessed();

		this.clock.advance(Duration.ofMinutes(6));
		assertThat(this.jobs.recoverExpiredLeases()).isEqualTo(1);

		assertThat(offsetAtCrash).isPositive();
		runToEnd(processor());
		assertThat(this.datasets.report(id)).isEqualTo(expected);
		assertThat(jobOf(id).attempts()).isEqualTo(1);
	}

	@Test
	void cancelStopsARunningDatasetAtTheNextChunk() throws Exception {
		long id = upload(this.csv, null);
		DatasetProcessor processor = processor();
		processor.runRound(RUNNING);
		assertThat(this.datasets.find(id).orElseThrow().status()).isEqualTo(DatasetStatus.RUNNING);

		DatasetView cancelling = this.datasets.cancel(id);
		processor.runRound(RUNNING);

		assertThat(cancelling.status()).isEqualTo(DatasetStatus.RUNNING);
		DatasetView cancelled = this.datasets.find(id).orElseThrow();
		assertThat(cancelled.status()).isEqualTo(DatasetStatus.CANCELLED);
		assertThat(cancelled.progress().rowsProcessed()).isEqualTo(CHUNK);
		assertThat(processor.runRound(RUNNING)).isEqualTo(RoundResult.IDLE);
	}

	@Test
	void fileThatIsNotCsvFailsTheDatasetWithAClearErrorAtOnce() throws Exception {
		long id = upload(new byte[] { 'P', 'K', 3, 4, 0, 0, 0, 0, 1, 2, 3 }, null);

		runToEnd(processor());

		DatasetView failed = this.datasets.find(id).orElseThrow();
		assertThat(failed.status()).isEqualTo(DatasetStatus.FAILED);
		assertThat(failed.error()).containsIgnoringCase("not");
		assertThat(failed.attempts()).isEqualTo(1);
	}

	@Test
	void unexpectedFailureHandsTheJobBackWithATryCountedInsteadOfHoldingTheWorker() throws Exception {
		long id = upload(this.csv, null);
		Path file = this.store.find(id).orElseThrow().file();
		Files.delete(file);
		Files.createDirectory(file);
		DatasetProcessor processor = processor();

		assertThatExceptionOfType(IOException.class).isThrownBy(() -> processor.runRound(RUNNING));

		Job job = jobOf(id);
		assertThat(job.status()).isEqualTo(JobStatus.READY);
		assertThat(job.attempts()).isEqualTo(1);
		assertThat(job.lastError()).contains("IOException");
		assertThat(processor.runRound(RUNNING)).as("free for other work, the job waits for its retry")
			.isEqualTo(RoundResult.IDLE);
	}

	@Test
	void finishedDatasetQueuesItsCompletionEmailThroughTheOutbox() throws Exception {
		long id = upload(this.csv, "ada@example.com");

		runToEnd(processor());

		List<Job> emails = this.jobs.list(Outbox.QUEUE, null, null, 0, 10).jobs();
		assertThat(emails).singleElement().satisfies((email) -> {
			assertThat(email.payload()).contains("ada@example.com", "Dataset 'data.csv' is ready", "Rows: " + ROWS);
			assertThat(email.idempotencyKey()).isEqualTo("dataset-" + id + "-report");
		});
	}

	@Test
	void retentionKeepsADatasetWhoseFileItCouldNotDeleteAndTriesAgainLater() throws Exception {
		long id = upload(this.csv, null);
		runToEnd(processor());
		Path file = this.store.find(id).orElseThrow().file();
		Files.delete(file);
		Files.createDirectories(file.resolve("not-empty"));
		this.clock.advance(Duration.ofDays(8));

		new Retention(this.store, new DatasetFiles(this.storage, DataSize.ofMegabytes(10)), this.jobs, this.clock,
				Duration.ofDays(7), () -> true)
			.tick(RUNNING);

		assertThat(this.store.find(id)).isPresent();
	}

	@Test
	void retentionDeletesFinishedDatasetsTheirFilesAndFinishedJobsOlderThanItsAge() throws Exception {
		long old = upload(this.csv, "ada@example.com");
		runToEnd(processor());
		Path oldFile = this.store.find(old).orElseThrow().file();
		this.clock.advance(Duration.ofDays(8));
		long recent = upload(this.csv, null);
		runToEnd(processor());
		Retention retention = new Retention(this.store, new DatasetFiles(this.storage, DataSize.ofMegabytes(10)),
				this.jobs, this.clock, Duration.ofDays(7), () -> true);

		retention.tick(RUNNING);

		assertThat(this.store.find(old)).isEmpty();
		assertThat(Files.exists(oldFile)).isFalse();
		assertThat(this.store.find(recent)).isPresent();
		assertThat(Files.exists(this.store.find(recent).orElseThrow().file())).isTrue();
		assertThat(this.jobs.countByStatus(Datasets.QUEUE).get(JobStatus.SUCCEEDED)).isEqualTo(1);
		assertThat(this.jobs.countByStatus(Outbox.QUEUE).get(JobStatus.READY)).as("the unsent email stays")
			.isEqualTo(1);
	}

}
