package dev.longhaul.processing;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.transaction.support.TransactionTemplate;

import dev.longhaul.email.EmailRequest;
import dev.longhaul.email.Outbox;
import dev.longhaul.queue.Job;
import dev.longhaul.queue.Job.Lease;
import dev.longhaul.queue.JobQueue;
import dev.longhaul.worker.LoopTask;
import dev.longhaul.worker.RoundResult;
import dev.longhaul.worker.StopToken;

/**
 * The round of a {@code data-processor} worker: one chunk of one dataset job per round.
 * It claims a job, profiles the next {@code chunk-rows} rows from the job's checkpoint,
 * and stores the new checkpoint and progress (which also extends the lease) in one
 * statement; the last chunk stores the report, queues the completion email and completes
 * the job in one transaction. A cancel request is honoured between chunks. On a graceful
 * stop the job goes back to the queue with its checkpoint, and the next run resumes from
 * it.
 */
final class DatasetProcessor implements LoopTask {

	private static final Logger logger = LoggerFactory.getLogger(DatasetProcessor.class);

	private final JobQueue jobs;

	private final DatasetStore datasets;

	private final Outbox outbox;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final ProcessingMetrics metrics;

	private final int chunkRows;

	private final ProfilingThreads threads;

	private @Nullable Job current;

	private @Nullable Checkpoint checkpoint;

	DatasetProcessor(JobQueue jobs, DatasetStore datasets, Outbox outbox, TransactionTemplate transactions,
			JsonMapper json, ProcessingMetrics metrics, int chunkRows, ProfilingThreads threads) {
		this.threads = threads;
		this.jobs = jobs;
		this.datasets = datasets;
		this.outbox = outbox;
		this.transactions = transactions;
		this.json = json;
		this.metrics = metrics;
		this.chunkRows = chunkRows;
	}

	@Override
	public RoundResult runRound(StopToken stop) throws IOException {
		Job job = this.current;
		if (job == null) {
			List<Job> claimed = this.jobs.claim(Datasets.QUEUE, 1);
			if (claimed.isEmpty()) {
				return RoundResult.IDLE;
			}
			job = claimed.get(0);
			this.current = job;
			this.checkpoint = (job.progress() != null)
					? Checkpoint.fromJson(this.json.readValue(job.progress(), DatasetProgress.class).checkpoint())
					: Checkpoint.start();
			logger.info("Dataset job {} {} at byte {}", job.id(), (this.checkpoint.offset() > 0) ? "resumes" : "starts",
					this.checkpoint.offset());
		}
		Lease lease = job.lease();
		Dataset dataset = this.datasets.find(datasetId(job)).orElse(null);
		if (dataset == null || this.jobs.isCancelRequested(lease)) {
			this.jobs.cancelRunning(lease);
			this.metrics.job("cancelled");
			logger.info("Dataset job {} cancelled at byte {}", job.id(), this.checkpoint.offset());
			return done();
		}
		Checkpoint from = this.checkpoint;
		long start = System.nanoTime();
		Checkpoint next;
		try {
			next = new CsvProfiler(dataset.delimiter(), this.threads).profile(dataset.file(), from, this.chunkRows);
		}
		catch (NotCsvException | NoSuchFileException ex) {
			String reason = (ex instanceof NoSuchFileException) ? "The uploaded file is gone" : ex.getMessage();
			this.jobs.fail(lease, reason, false);
			this.metrics.job("failed");
			logger.warn("Dataset job {} (dataset {}) failed: {}", job.id(), dataset.id(), reason);
			return done();
		}
		catch (IOException | RuntimeException ex) {
			// Anything else may pass (a disk hiccup): the job goes back to the queue with
			// its checkpoint and a counted try, so a file that always fails ends DEAD
			// instead of holding this worker forever; the round still fails, so the
			// worker logs it and backs off.
			JobQueue.FailOutcome outcome = this.jobs.fail(lease, ex.toString(), true);
			if (outcome == JobQueue.FailOutcome.DEAD) {
				this.metrics.job("failed");
			}
			done();
			throw ex;
		}
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		long bytes = next.offset() - from.offset();
		this.metrics.chunk(next.rows() - from.rows(), bytes, took);
		if (next.finished()) {
			finish(job, dataset, next);
			return done();
		}
		double rate = bytes / Math.max(took.toNanos() / 1e9, 1e-9);
		String progress = this.json
			.writeValueAsString(new DatasetProgress(next.offset(), next.rows(), rate, next.toJson()));
		if (!this.jobs.saveProgress(lease, progress)) {
			logger.warn("Dataset job {} lost its lease; another instance owns it now", job.id());
			return done();
		}
		this.checkpoint = next;
		return RoundResult.MORE_WORK;
	}

	private void finish(Job job, Dataset dataset, Checkpoint last) {
		DatasetReport report = new CsvProfiler(dataset.delimiter()).report(last);
		String reportJson = this.json.writeValueAsString(report);
		String progress = this.json
			.writeValueAsString(new DatasetProgress(last.offset(), last.rows(), null, Checkpoint.start().toJson()));
		boolean completed = Boolean.TRUE.equals(this.transactions.execute((status) -> {
			this.datasets.saveReport(dataset.id(), reportJson);
			this.jobs.saveProgress(job.lease(), progress);
			if (dataset.notifyEmail() != null) {
				this.outbox.enqueue(summary(dataset, report), "dataset-" + dataset.id() + "-report");
			}
			if (!this.jobs.complete(job.lease(), null)) {
				status.setRollbackOnly();
				return false;
			}
			return true;
		}));
		if (completed) {
			this.metrics.job("succeeded");
			logger.info("Dataset job {} (dataset {}) succeeded: {} rows, {} malformed", job.id(), dataset.id(),
					report.rows(), report.malformedRows());
		}
	}

	private static EmailRequest summary(Dataset dataset, DatasetReport report) {
		String columns = report.columns()
			.stream()
			.map((column) -> "- " + column.name() + ": " + column.type().name().toLowerCase() + ", " + column.distinct()
					+ " distinct, " + column.empty() + " empty")
			.collect(Collectors.joining("\n"));
		String text = "Dataset '" + dataset.name() + "' (id " + dataset.id() + ") is processed.\n\n" + "Rows: "
				+ report.rows() + "\nMalformed rows: " + report.malformedRows() + "\nColumns:\n" + columns
				+ "\n\nThe full report: GET /api/datasets/" + dataset.id() + "/report\n";
		return new EmailRequest(List.of(dataset.notifyEmail()), null, null, null,
				"Dataset '" + truncate(dataset.name()) + "' is ready", text, null);
	}

	private static String truncate(String name) {
		return (name.length() > 200) ? name.substring(0, 200) : name;
	}

	private long datasetId(Job job) {
		return this.json.readTree(job.payload()).get("dataset").asLong();
	}

	private RoundResult done() {
		this.current = null;
		this.checkpoint = null;
		return RoundResult.MORE_WORK;
	}

	/**
	 * A graceful stop hands the job back with its checkpoint; the next run resumes from
	 * it.
	 */
	@Override
	public void onStop() {
		Job job = this.current;
		if (job != null) {
			this.jobs.release(job.lease());
			logger.info("Dataset job {} handed back at byte {}", job.id(),
					(this.checkpoint != null) ? this.checkpoint.offset() : 0);
			done();
		}
	}

}
