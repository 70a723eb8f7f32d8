package dev.longhaul.processing;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.transaction.support.TransactionTemplate;

import dev.longhaul.email.EmailRequest;
import dev.longhaul.email.InvalidEmailException;
import dev.longhaul.email.Outbox;
import dev.longhaul.processing.profile.Checkpoint;
import dev.longhaul.processing.profile.ColumnReport;
import dev.longhaul.processing.profile.CsvLimits;
import dev.longhaul.processing.profile.CsvProfiler;
import dev.longhaul.processing.profile.DatasetReport;
import dev.longhaul.processing.profile.NotCsvException;
import dev.longhaul.processing.profile.ProfilingThreads;
import dev.longhaul.queue.IdempotencyConflictException;
import dev.longhaul.queue.IdempotencyKey;
import dev.longhaul.queue.JobContext;
import dev.longhaul.queue.JobHandler;
import dev.longhaul.queue.JobLogContext;
import dev.longhaul.queue.JobOutcome;
import dev.longhaul.queue.JobSettings;

/**
 * Profiles uploaded datasets: the handler of the {@code dataset} job type, a multi-step
 * job run by the {@code data-processor} worker on {@code longhaul.processing.concurrency}
 * threads. Each step profiles the next {@code chunk-rows} rows from the job's checkpoint
 * and returns the new checkpoint as the job's progress, which the engine stores with the
 * lease extension in one statement before the next step. A stop or a crash resumes from
 * the last checkpoint; a cancel request ends the job after the current chunk. The last
 * step stores the report, queues the completion email and completes the job in one
 * transaction.
 */
final class DatasetProcessor implements JobHandler<DatasetJob> {

	/** The job type of datasets. */
	static final String TYPE = "dataset";

	/**
	 * The MDC key of the dataset's id while it is profiled (see {@link JobLogContext}).
	 */
	static final String DATASET_ID = "datasetId";

	private static final Logger logger = LoggerFactory.getLogger(DatasetProcessor.class);

	private final DatasetStore datasets;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final ProcessingMetrics metrics;

	private final ProcessingProperties properties;

	private final ProfilingThreads threads;

	/**
	 * The checkpoint this thread's last step ended at, so that the next step of the same
	 * job starts from it without reading its JSON again.
	 */
	private final CsvLimits limits;

	private final ThreadLocal<@Nullable Resume> last = new ThreadLocal<>();

	DatasetProcessor(DatasetStore datasets, Outbox outbox, TransactionTemplate transactions, JsonMapper json,
			ProcessingMetrics metrics, ProcessingProperties properties, ProfilingThreads threads) {
		this.datasets = datasets;
		this.outbox = outbox;
		this.transactions = transactions;
		this.json = json;
		this.metrics = metrics;
		this.properties = properties;
		this.threads = threads;
		this.limits = properties.csvLimits();
	}

	@Override
	public String type() {
		return TYPE;
	}

	/** Queue {@code dataset}, worker {@code data-processor}, one thread per core. */
	@Override
	public JobSettings configure(JobSettings defaults) {
		return defaults.withQueue(Datasets.QUEUE)
			.withWorker("data-processor")
			.withConcurrency(this.properties.effectiveConcurrency());
	}

	@Override
	public JobOutcome run(JobContext<DatasetJob> job) throws IOException {
		MDC.put(DATASET_ID, String.valueOf(job.payload().dataset()));
		Dataset dataset = this.datasets.find(job.payload().dataset()).orElse(null);
		if (dataset == null) {
			return JobOutcome.fail("Dataset " + job.payload().dataset() + " no longer exists");
		}
		Checkpoint from = from(job);
		long start = System.nanoTime();
		Checkpoint next;
		Observation chunk = job.observation("longhaul.dataset.chunk", "profile chunk")
			.highCardinalityKeyValue("dataset.id", String.valueOf(dataset.id()))
			.highCardinalityKeyValue("offset", String.valueOf(from.offset()))
			.start();
		try {
			next = new CsvProfiler(dataset.delimiter(), this.threads, this.limits).profile(dataset.file(), from,
					this.properties.chunkRows());
			chunk.highCardinalityKeyValue("rows", String.valueOf(next.rows() - from.rows()));
		}
		catch (NotCsvException | NoSuchFileException ex) {
			this.last.remove();
			chunk.error(ex);
			return JobOutcome.fail((ex instanceof NoSuchFileException) ? "The uploaded file is gone" : ex.getMessage());
		}
		catch (IOException | RuntimeException ex) {
			this.last.remove();
			chunk.error(ex);
			throw ex;
		}
		finally {
			chunk.stop();
		}
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		long bytes = next.offset() - from.offset();
		this.metrics.chunk(next.rows() - from.rows(), bytes, took);
		if (next.finished()) {
			this.last.remove();
			return finish(job, dataset, next);
		}
		double rate = bytes / Math.max(took.toNanos() / 1e9, 1e-9);
		this.last.set(new Resume(job.id(), next.offset(), next));
		return JobOutcome.continueWith(new DatasetProgress(next.offset(), next.rows(), rate, next.toJson()));
	}

	private Checkpoint from(JobContext<DatasetJob> job) {
		DatasetProgress progress = job.progress(DatasetProgress.class).orElse(null);
		Resume resume = this.last.get();
		if (progress != null && resume != null && resume.jobId() == job.id() && resume.offset() == progress.offset()) {
			return resume.checkpoint();
		}
		Checkpoint from = (progress != null) ? Checkpoint.fromJson(progress.checkpoint()) : Checkpoint.start();
		logger.info("Dataset job {} {} at byte {}", job.id(), (from.offset() > 0) ? "resumes" : "starts",
				from.offset());
		return from;
	}

	private JobOutcome finish(JobContext<DatasetJob> job, Dataset dataset, Checkpoint last) {
		DatasetReport report = new CsvProfiler(dataset.delimiter()).report(last);
		String reportJson = this.json.writeValueAsString(report);
		// The final progress keeps the counts for the dataset's view, not the checkpoint.
		DatasetProgress done = new DatasetProgress(last.offset(), last.rows(), null, Checkpoint.start().toJson());
		try {
			this.transactions.executeWithoutResult((status) -> {
				this.datasets.saveReport(dataset.id(), reportJson);
				if (dataset.notifyEmail() != null) {
					this.outbox.enqueue(summary(dataset, report),
							IdempotencyKey.internal("dataset-" + dataset.id() + "-report"));
				}
				job.completeInTransaction(null, done);
			});
		}
		catch (InvalidEmailException | IdempotencyConflictException ex) {
			// Trying again cannot help: nothing is stored, and the job fails saying why.
			return JobOutcome.fail("The completion email cannot be queued: " + ex.getMessage());
		}
		logger.info("Dataset job {} (dataset {}) succeeded: {} rows, {} malformed", job.id(), dataset.id(),
				report.rows(), report.malformedRows());
		return JobOutcome.done();
	}

	private static EmailRequest summary(Dataset dataset, DatasetReport report) {
		String columns = report.columns()
			.stream()
			.map((column) -> "- " + column.name() + ": " + column.type().name().toLowerCase() + ", " + distinct(column)
					+ ", " + column.empty() + " empty")
			.collect(Collectors.joining("\n"));
		String text = "Dataset '" + dataset.name() + "' (id " + dataset.id() + ") is processed.\n\n" + "Rows: "
				+ report.rows() + "\nMalformed rows: " + report.malformedRows() + "\nColumns:\n" + columns
				+ "\n\nThe full report: GET /api/datasets/" + dataset.id() + "/report\n";
		return new EmailRequest(List.of(dataset.notifyEmail()), null, null, null,
				"Dataset '" + truncate(dataset.name()) + "' is ready", text, null);
	}

	/**
	 * A column's distinct count with its error bound: "600 distinct (exact)", or "about
	 * 39939 distinct (estimate, 0.81% standard error)".
	 */
	static String distinct(ColumnReport column) {
		if (column.distinctExact()) {
			return column.distinct() + " distinct (exact)";
		}
		return String.format(Locale.ROOT, "about %d distinct (estimate, %.2f%% standard error)", column.distinct(),
				column.distinctError() * 100);
	}

	private static String truncate(String name) {
		return (name.length() > 200) ? name.substring(0, 200) : name;
	}

	/**
	 * Where this thread's last step of a job ended.
	 *
	 * @param jobId the job
	 * @param offset the checkpoint's offset, as stored in the job's progress
	 * @param checkpoint the checkpoint
	 */
	private record Resume(long jobId, long offset, Checkpoint checkpoint) {
	}

}
