package dev.longhaul.processing;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import de.siegmar.fastcsv.writer.LineDelimiter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

import dev.longhaul.email.EmailProperties;
import dev.longhaul.email.EmailRequest;
import dev.longhaul.email.Outbox;
import dev.longhaul.processing.profile.DatasetReport;
import dev.longhaul.processing.profile.GeneratedDataset;
import dev.longhaul.processing.profile.ProfilingThreads;
import dev.longhaul.queue.IdempotencyKey;
import dev.longhaul.queue.Job;
import dev.longhaul.queue.JobContext;
import dev.longhaul.queue.JobHandler;
import dev.longhaul.queue.JobOptions;
import dev.longhaul.queue.JobOutcome;
import dev.longhaul.queue.JobSettings;
import dev.longhaul.queue.JobStatus;
import dev.longhaul.queue.QueueProperties;
import dev.longhaul.queue.TestJobEngine;
import dev.longhaul.support.MutableClock;
import dev.longhaul.support.StopTokens;
import dev.longhaul.support.TestDatabases;
import dev.longhaul.worker.LoopTask;
import dev.longhaul.worker.RoundResult;
import dev.longhaul.worker.StopToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code dataset} job type run by the job engine on the test thread (an inline
 * executor): a dataset stopped gracefully mid-file, or whose instance died before its
 * outcome was written, resumes from its checkpoint and ends with exactly the report of an
 * uninterrupted run.
 */
class DatasetProcessorTest {

	private static final int ROWS = 5_000;

	private static final int CHUNK = 400;

	private static final QueueProperties QUEUE = new QueueProperties(Duration.ofMinutes(5), 3, Duration.ofSeconds(10),
			Duration.ofHours(1), 2.0, 0.0, Duration.ofDays(7), QueueProperties.Completion.DEFAULTS);

	@TempDir
	Path storage;

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final JsonMapper json = JsonMapper.builder().build();

	/** As the application has them on two cores. */
	private final ProfilingThreads profilingThreads = new ProfilingThreads(1, 2);

	private HikariDataSource dataSource;

	private TestJobEngine engine;

	private DatasetStore store;

	private Datasets datasets;

	private TransactionTemplate transactions;

	private byte[] csv;

	@BeforeEach
	void setUp() {
		this.dataSource = TestDatabases.h2();
		JdbcClient jdbc = JdbcClient.create(this.dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		this.store = new DatasetStore(jdbc);
		this.engine = engine("test");
		this.datasets = new Datasets(this.store, new DatasetFiles(this.storage, DataSize.ofMegabytes(10)),
				this.engine.client(), this.engine.queries(), this.transactions, this.json, this.clock);
		this.csv = new GeneratedDataset(7, ROWS, LineDelimiter.CRLF).bytes;
	}

	@AfterEach
	void tearDown() {
		this.profilingThreads.close();
		this.dataSource.close();
	}

	/**
	 * The engine of an instance, with the dataset and (recorded, not sent) email types.
	 */
	private TestJobEngine engine(String instance) {
		DatasetProcessor[] processor = new DatasetProcessor[1];
		TestJobEngine engine = new TestJobEngine(this.dataSource, this.clock, instance, QUEUE, new QueuedEmails(),
				new Lazy(() -> processor[0]));
		Outbox outbox = new Outbox(engine.client(), engine.queries(), new JdbcTemplate(this.dataSource),
				this.transactions, this.json, EmailProperties.defaults());
		processor[0] = new DatasetProcessor(this.store, outbox, this.transactions, this.json,
				new ProcessingMetrics(new SimpleMeterRegistry()), properties(), this.profilingThreads);
		return engine;
	}

	private static ProcessingProperties properties() {
		return new ProcessingProperties(Path.of("unused"), DataSize.ofMegabytes(10), CHUNK, 1, 1, Duration.ofDays(7),
				DataSize.ofKilobytes(256), DataSize.ofMegabytes(1), DataSize.ofKilobytes(64));
	}

	private long upload(byte[] data, String notify) {
		return this.datasets.upload(new ByteArrayInputStream(data), data.length, "data.csv", null, notify).id();
	}

	private static RoundResult round(LoopTask executor, StopToken stop) throws Exception {
		return executor.runRound(stop);
	}

	private void runToEnd() throws Exception {
		LoopTask executor = this.engine.inlineExecutor(Datasets.QUEUE);
		for (int round = 0; round < 100; round++) {
			round(executor, StopTokens.NEVER);
			if (this.engine.queries().countByStatus(Datasets.QUEUE).get(JobStatus.READY) == 0) {
				return;
			}
		}
		throw new AssertionError("the data processor did not finish");
	}

	private String uninterruptedReport() throws Exception {
		long id = upload(this.csv, null);
		runToEnd();
		return this.datasets.report(id);
	}

	private Job jobOf(long datasetId) {
		return this.engine.queries().find(this.store.find(datasetId).orElseThrow().jobId()).orElseThrow();
	}

	private long rowsProcessed(long datasetId) {
		return this.datasets.find(datasetId).orElseThrow().progress().rowsProcessed();
	}

	@Test
	void datasetStoppedGracefullyMidFileResumesFromItsCheckpointWithTheSameReport() throws Exception {
		String expected = uninterruptedReport();
		long id = upload(this.csv, null);

		round(this.engine.inlineExecutor(Datasets.QUEUE), StopTokens.when(() -> rowsProcessed(id) >= 3 * CHUNK));

		Job handedBack = jobOf(id);
		assertThat(handedBack.status()).isEqualTo(JobStatus.READY);
		assertThat(handedBack.attempts()).isZero();
		DatasetView midway = this.datasets.find(id).orElseThrow();
		assertThat(midway.progress().rowsProcessed()).isEqualTo(3 * CHUNK);
		assertThat(midway.progress().bytesProcessed()).isPositive().isLessThan(this.csv.length);
		runToEnd();
		assertThat(this.datasets.report(id)).isEqualTo(expected);
		assertThat(this.datasets.find(id).orElseThrow().status()).isEqualTo(DatasetStatus.SUCCEEDED);
	}

	@Test
	void datasetWhoseInstanceDiedBeforeItsOutcomeWasWrittenResumesFromItsCheckpoint() throws Exception {
		String expected = uninterruptedReport();
		long id = upload(this.csv, null);
		TestJobEngine crashed = engine("crashed");
		round(crashed.unacknowledgedExecutor(Datasets.QUEUE), StopTokens.when(() -> rowsProcessed(id) >= 2 * CHUNK));
		assertThat(jobOf(id).status()).as("its hand-back was never written").isEqualTo(JobStatus.RUNNING);
		long offsetAtCrash = this.datasets.find(id).orElseThrow().progress().bytesProcessed();

		this.clock.advance(Duration.ofMinutes(6));
		assertThat(this.engine.rescueExpiredLeases()).isEqualTo(1);

		assertThat(offsetAtCrash).isPositive();
		runToEnd();
		assertThat(this.datasets.report(id)).isEqualTo(expected);
		assertThat(jobOf(id).attempts()).isEqualTo(1);
	}

	@Test
	void cancelStopsARunningDatasetAtTheNextChunk() throws Exception {
		long id = upload(this.csv, null);
		DatasetView[] cancelling = new DatasetView[1];
		// The engine asks the stop token before a job starts and after each stored chunk:
		// cancel after the first chunk, while the dataset runs.
		StopToken cancelAfterFirstChunk = StopTokens.when(() -> {
			if (cancelling[0] == null && rowsProcessed(id) == CHUNK) {
				cancelling[0] = this.datasets.cancel(id);
			}
			return false;
		});
		LoopTask executor = this.engine.inlineExecutor(Datasets.QUEUE);

		round(executor, cancelAfterFirstChunk);

		assertThat(cancelling[0].status()).isEqualTo(DatasetStatus.RUNNING);
		DatasetView cancelled = this.datasets.find(id).orElseThrow();
		assertThat(cancelled.status()).isEqualTo(DatasetStatus.CANCELLED);
		assertThat(cancelled.progress().rowsProcessed()).isEqualTo(CHUNK);
		assertThat(round(executor, StopTokens.NEVER)).isEqualTo(RoundResult.IDLE);
	}

	@Test
	void fileThatIsNotCsvFailsTheDatasetWithAClearErrorAtOnce() throws Exception {
		long id = upload(new byte[] { 'P', 'K', 3, 4, 0, 0, 0, 0, 1, 2, 3 }, null);

		runToEnd();

		DatasetView failed = this.datasets.find(id).orElseThrow();
		assertThat(failed.status()).isEqualTo(DatasetStatus.FAILED);
		assertThat(failed.error()).containsIgnoringCase("not");
		assertThat(failed.attempts()).isEqualTo(1);
	}

	@Test
	void unexpectedFailureFailsOnlyTheJobWithATryCountedAndTheRoundGoesOn() throws Exception {
		long id = upload(this.csv, null);
		Path file = this.store.find(id).orElseThrow().file();
		Files.delete(file);
		Files.createDirectory(file);
		LoopTask executor = this.engine.inlineExecutor(Datasets.QUEUE);

		assertThat(round(executor, StopTokens.NEVER)).isEqualTo(RoundResult.IDLE);

		Job job = jobOf(id);
		assertThat(job.status()).isEqualTo(JobStatus.READY);
		assertThat(job.attempts()).isEqualTo(1);
		assertThat(job.lastError()).as("the category shown to viewers, no path").isEqualTo("I/O error (IOException)");
		assertThat(round(executor, StopTokens.NEVER)).as("free for other work, the job waits for its retry")
			.isEqualTo(RoundResult.IDLE);
	}

	@Test
	void aDatasetWhoseCompletionEmailCannotBeQueuedFailsAndTheDataProcessorGoesOnWithTheNext() throws Exception {
		long poisoned = upload(this.csv, "ada@example.com");
		long next = upload(this.csv, null);
		// Only the application itself can take an internal key (a bug, not a caller).
		this.engine.client()
			.enqueue("email", new EmailRequest(List.of("eve@example.com"), null, null, null, "taken", "x", null),
					JobOptions.DEFAULTS.withIdempotencyKey(IdempotencyKey.internal("dataset-" + poisoned + "-report")));

		runToEnd();

		DatasetView failed = this.datasets.find(poisoned).orElseThrow();
		assertThat(failed.status()).as("ended, not left RUNNING").isEqualTo(DatasetStatus.FAILED);
		assertThat(failed.error()).startsWith("The completion email cannot be queued");
		assertThat(this.datasets.find(next).orElseThrow().status()).isEqualTo(DatasetStatus.SUCCEEDED);
	}

	@Test
	void aUsersKeyNamedAsADatasetsCompletionEmailDoesNotTakeItsPlace() throws Exception {
		long id = upload(this.csv, "ada@example.com");
		Job taken = this.engine.client()
			.enqueue("email", new EmailRequest(List.of("eve@example.com"), null, null, null, "taken", "x", null),
					JobOptions.DEFAULTS.withIdempotencyKey(IdempotencyKey.ofUser("eve", "dataset-" + id + "-report")))
			.job();

		runToEnd();

		assertThat(this.datasets.find(id).orElseThrow().status()).isEqualTo(DatasetStatus.SUCCEEDED);
		assertThat(this.engine.queries().list(Outbox.QUEUE, null, null, 0, 10).jobs())
			.filteredOn((email) -> email.id() != taken.id())
			.singleElement()
			.satisfies((email) -> assertThat(email.payload()).contains("ada@example.com", "is ready"));
	}

	@Test
	void finishedDatasetQueuesItsCompletionEmailThroughTheOutbox() throws Exception {
		long id = upload(this.csv, "ada@example.com");

		runToEnd();

		List<Job> emails = this.engine.queries().list(Outbox.QUEUE, null, null, 0, 10).jobs();
		assertThat(emails).singleElement().satisfies((email) -> {
			assertThat(email.payload()).contains("ada@example.com", "Dataset 'data.csv' is ready", "Rows: " + ROWS);
			assertThat(email.payload())
				.containsPattern(
						"- id: integer, about [0-9]+ distinct \\(estimate, 0.81% " + "standard error\\), 0 empty")
				.contains("- active: boolean, 2 distinct (exact), 0 empty");
			assertThat(email.idempotencyKey()).isEqualTo("internal:dataset-" + id + "-report");
		});
	}

	@Test
	void aReportStoredBeforeReportsStatedTheErrorOfDistinctCountsIsServedWithTheErrorItHad() throws Exception {
		long id = upload(this.csv, null);
		runToEnd();
		String current = this.datasets.report(id);
		String stored = current.replaceAll(",\"distinctExact\":(true|false),\"distinctError\":[0-9.E-]+", "");
		assertThat(stored).doesNotContain("distinctE");
		JdbcClient.create(this.dataSource)
			.sql("UPDATE datasets SET report = ? WHERE id = ?")
			.param(stored)
			.param(id)
			.update();
		// as strict as the application's mapper
		JsonMapper strict = JsonMapper.builder()
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.build();
		Datasets datasets = new Datasets(this.store, new DatasetFiles(this.storage, DataSize.ofMegabytes(10)),
				this.engine.client(), this.engine.queries(), this.transactions, strict, this.clock);

		String served = datasets.report(id);

		DatasetReport report = strict.readValue(served, DatasetReport.class);
		assertThat(report.columns()).allSatisfy((column) -> {
			assertThat(column.distinctExact()).isFalse();
			assertThat(column.distinctError()).isEqualTo(0.01625);
		});
		assertThat(served).contains("\"distinct\":2,\"distinctExact\":false,\"distinctError\":0.01625,");
		assertThat(datasets.reportCsv(id).lines().toList().get(2)).startsWith("amount,decimal,5000,0,")
			.contains(",false,0.01625,");
		assertThat(datasets.report(id)).isEqualTo(served);
	}

	@Test
	void retentionKeepsADatasetWhoseFileItCouldNotDeleteAndTriesAgainLater() throws Exception {
		long id = upload(this.csv, null);
		runToEnd();
		Path file = this.store.find(id).orElseThrow().file();
		Files.delete(file);
		Files.createDirectories(file.resolve("not-empty"));
		this.clock.advance(Duration.ofDays(8));

		new Retention(this.store, this.engine.queries(), new DatasetFiles(this.storage, DataSize.ofMegabytes(10)),
				this.clock, Duration.ofDays(7), () -> true)
			.tick(StopTokens.NEVER);

		assertThat(this.store.find(id)).isPresent();
	}

	@Test
	void retentionDeletesFinishedDatasetsAndTheirFilesOlderThanItsAgeAndThoseWhoseJobIsGone() throws Exception {
		long old = upload(this.csv, "ada@example.com");
		runToEnd();
		Path oldFile = this.store.find(old).orElseThrow().file();
		this.clock.advance(Duration.ofDays(8));
		long recent = upload(this.csv, null);
		runToEnd();
		long orphan = upload(this.csv, null);
		runToEnd();
		JdbcClient.create(this.dataSource).sql("DELETE FROM jobs WHERE id = ?").param(jobOf(orphan).id()).update();
		assertThat(this.datasets.find(orphan).orElseThrow().status()).as("its job cleaned up first")
			.isEqualTo(DatasetStatus.SUCCEEDED);
		Retention retention = new Retention(this.store, this.engine.queries(),
				new DatasetFiles(this.storage, DataSize.ofMegabytes(10)), this.clock, Duration.ofDays(7), () -> true);

		retention.tick(StopTokens.NEVER);

		assertThat(this.store.find(old)).isEmpty();
		assertThat(Files.exists(oldFile)).isFalse();
		assertThat(this.store.find(orphan)).isEmpty();
		assertThat(this.store.find(recent)).isPresent();
		assertThat(Files.exists(this.store.find(recent).orElseThrow().file())).isTrue();
	}

	@Test
	void retentionAsksToStayTheSingletonOnlyBeforeItDeletesAndDeletesNothingOnceItIsNot() throws Exception {
		long id = upload(this.csv, null);
		runToEnd();
		AtomicInteger asked = new AtomicInteger();
		Retention notYet = new Retention(this.store, this.engine.queries(),
				new DatasetFiles(this.storage, DataSize.ofMegabytes(10)), this.clock, Duration.ofDays(7), () -> {
					asked.incrementAndGet();
					return false;
				});

		notYet.tick(StopTokens.NEVER);
		assertThat(asked).as("nothing to delete, no lease renewed").hasValue(0);

		this.clock.advance(Duration.ofDays(8));
		notYet.tick(StopTokens.NEVER);
		assertThat(asked).hasValue(1);
		assertThat(this.store.find(id)).as("no longer the singleton: kept").isPresent();
	}

	/**
	 * The {@code email} type, whose emails stay queued: the test sends nothing.
	 */
	static final class QueuedEmails implements JobHandler<EmailRequest> {

		@Override
		public String type() {
			return "email";
		}

		@Override
		public JobOutcome run(JobContext<EmailRequest> job) {
			throw new UnsupportedOperationException("not sent in this test");
		}

	}

	/**
	 * The dataset type, whose processor is made once its outbox exists.
	 */
	static final class Lazy implements JobHandler<DatasetJob> {

		private final java.util.function.Supplier<DatasetProcessor> processor;

		Lazy(java.util.function.Supplier<DatasetProcessor> processor) {
			this.processor = processor;
		}

		@Override
		public String type() {
			return DatasetProcessor.TYPE;
		}

		@Override
		public JobSettings configure(JobSettings defaults) {
			return this.processor.get().configure(defaults);
		}

		@Override
		public JobOutcome run(JobContext<DatasetJob> job) throws Exception {
			return this.processor.get().run(job);
		}

	}

}
