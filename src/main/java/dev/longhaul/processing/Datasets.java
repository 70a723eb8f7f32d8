package dev.longhaul.processing;

import java.io.InputStream;
import java.time.Clock;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.transaction.support.TransactionTemplate;

import dev.longhaul.email.EmailAddresses;
import dev.longhaul.processing.profile.DatasetReport;
import dev.longhaul.queue.Job;
import dev.longhaul.queue.JobChange;
import dev.longhaul.queue.JobClient;
import dev.longhaul.queue.JobOptions;
import dev.longhaul.queue.JobQueries;
import dev.longhaul.queue.JobStatus;

/**
 * Datasets: upload (stored, then queued for a data processor), look up, list, cancel,
 * delete, report. A refusal is an {@link InvalidUploadException},
 * {@link UploadTooLargeException}, {@link DatasetNotFoundException} or
 * {@link DatasetStatusException}, and changes nothing.
 */
final class Datasets {

	/** The queue dataset jobs wait in. */
	static final String QUEUE = "dataset";

	private static final int MAX_NAME = 255;

	/** The width of {@code datasets.notify}. */
	private static final int MAX_NOTIFY = 320;

	private final DatasetStore store;

	private final DatasetFiles files;

	private final JobClient jobs;

	private final JobQueries queries;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final Clock clock;

	Datasets(DatasetStore store, DatasetFiles files, JobClient jobs, JobQueries queries,
			TransactionTemplate transactions, JsonMapper json, Clock clock) {
		this.store = store;
		this.files = files;
		this.jobs = jobs;
		this.queries = queries;
		this.transactions = transactions;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Stores an upload and queues it for processing.
	 * @param body the CSV
	 * @param declaredLength the Content-Length, or -1 if unknown
	 * @param name its name, or {@code null}
	 * @param delimiter its field delimiter, or {@code null} for a comma
	 * @param notify whom to email when the report is ready, or {@code null}
	 * @return the dataset
	 * @throws InvalidUploadException if a parameter breaks its rule
	 * @throws UploadTooLargeException if the upload is over the limit
	 */
	DatasetView upload(InputStream body, long declaredLength, @Nullable String name, @Nullable String delimiter,
			@Nullable String notify) {
		char separator = delimiter(delimiter);
		String datasetName = name(name);
		if (notify != null) {
			String problem = EmailAddresses.problem(notify);
			if (problem != null) {
				throw new InvalidUploadException("notify", problem);
			}
			if (notify.length() > MAX_NOTIFY) {
				throw new InvalidUploadException("notify", "must be at most " + MAX_NOTIFY + " characters");
			}
		}
		if (declaredLength > this.files.limitBytes()) {
			throw this.files.tooLarge(declaredLength);
		}
		DatasetFiles.Stored stored = this.files.store(body);
		try {
			long id = this.transactions.execute((status) -> {
				long datasetId = this.store.insert(datasetName, stored.file(), stored.size(), separator, notify,
						this.clock.instant());
				Job job = this.jobs.enqueue(DatasetProcessor.TYPE, new DatasetJob(datasetId), JobOptions.DEFAULTS)
					.job();
				this.store.attachJob(datasetId, job.id());
				return datasetId;
			});
			return find(id).orElseThrow();
		}
		catch (RuntimeException ex) {
			this.files.delete(stored.file());
			throw ex;
		}
	}

	Optional<DatasetView> find(long id) {
		return this.store.summary(id).map(this::view);
	}

	DatasetPage list(@Nullable DatasetStatus status, int page, int size) {
		if (status != null) {
			return new DatasetPage(this.store.page(status.jobStatus(), page, size).stream().map(this::view).toList(),
					page, size, this.store.count(status.jobStatus()));
		}
		return new DatasetPage(this.store.page(page, size).stream().map(this::view).toList(), page, size,
				this.store.count());
	}

	/**
	 * The report of a processed dataset, as JSON, with the error bound of its distinct
	 * counts even if stored before reports stated it.
	 * @param id the dataset
	 * @return the report
	 * @throws DatasetNotFoundException if there is no such dataset
	 * @throws DatasetStatusException while it is not processed
	 */
	String report(long id) {
		Dataset dataset = this.store.find(id).orElseThrow(() -> notFound(id));
		if (dataset.report() == null) {
			throw new DatasetStatusException(
					"Dataset " + id + " is " + status(id) + "; its report is ready once it SUCCEEDED.");
		}
		return DatasetReport.withDistinctError(this.json, dataset.report());
	}

	/**
	 * The report of a processed dataset as CSV: one row per column of the dataset.
	 * @param id the dataset
	 * @return the CSV
	 * @throws DatasetNotFoundException if there is no such dataset
	 * @throws DatasetStatusException while it is not processed
	 */
	String reportCsv(long id) {
		return ReportCsv.write(this.json.readValue(report(id), DatasetReport.class));
	}

	/**
	 * Cancels a dataset's processing: at once if it has not started, else at its next
	 * chunk boundary.
	 * @param id the dataset
	 * @return the dataset
	 * @throws DatasetNotFoundException if there is no such dataset
	 * @throws DatasetStatusException if it has ended
	 */
	DatasetView cancel(long id) {
		Dataset dataset = this.store.find(id).orElseThrow(() -> notFound(id));
		JobChange change = this.jobs.requestCancel(dataset.jobId());
		if (change.kind() == JobChange.Kind.NOT_ALLOWED) {
			throw new DatasetStatusException(
					"Dataset " + id + " is " + status(id) + "; only a QUEUED or RUNNING dataset can be cancelled.");
		}
		return find(id).orElseThrow();
	}

	/**
	 * Deletes a dataset, its file and its report. A running dataset must be cancelled
	 * first.
	 * @param id the dataset
	 * @throws DatasetNotFoundException if there is no such dataset
	 * @throws DatasetStatusException while it is running
	 */
	void delete(long id) {
		Dataset dataset = this.store.find(id).orElseThrow(() -> notFound(id));
		Job job = (dataset.jobId() != null) ? this.queries.find(dataset.jobId()).orElse(null) : null;
		if (job != null && job.status() == JobStatus.RUNNING) {
			throw new DatasetStatusException("Dataset " + id + " is RUNNING; cancel it first.");
		}
		if (job != null && job.status() == JobStatus.READY
				&& this.jobs.cancel(job.id()).kind() != JobChange.Kind.DONE) {
			throw new DatasetStatusException("Dataset " + id + " just started processing; cancel it first.");
		}
		this.store.delete(id);
		this.files.delete(dataset.file());
	}

	private DatasetStatus status(long id) {
		return find(id).orElseThrow(() -> notFound(id)).status();
	}

	/**
	 * A dataset as the API shows it, from its row and its job's without the report or the
	 * checkpoint.
	 */
	private DatasetView view(DatasetSummary dataset) {
		JobStatus jobStatus = dataset.jobStatus();
		// Without its job (the job cleaner deleted it first), the dataset has ended;
		// retention deletes it at its next tick.
		DatasetStatus status = (jobStatus != null) ? DatasetStatus.of(jobStatus)
				: dataset.hasReport() ? DatasetStatus.SUCCEEDED : DatasetStatus.FAILED;
		DatasetProgress.Counts progress = counts(dataset);
		long bytes = (status == DatasetStatus.SUCCEEDED) ? dataset.sizeBytes()
				: (progress != null) ? progress.offset() : 0;
		long rows = (progress != null) ? progress.rows() : 0;
		double percent = (dataset.sizeBytes() == 0) ? ((status == DatasetStatus.SUCCEEDED) ? 100 : 0)
				: Math.min(100.0, 100.0 * bytes / dataset.sizeBytes());
		Double rate = (progress != null && status == DatasetStatus.RUNNING) ? progress.bytesPerSecond() : null;
		Long secondsLeft = (rate != null && rate > 0) ? (long) Math.ceil((dataset.sizeBytes() - bytes) / rate) : null;
		boolean hasJob = jobStatus != null;
		return new DatasetView(dataset.id(), dataset.name(), status, dataset.sizeBytes(),
				new DatasetView.Progress(bytes, rows, Math.round(percent * 10) / 10.0, rate, secondsLeft),
				hasJob ? dataset.attempts() : 0,
				(hasJob && status == DatasetStatus.FAILED) ? dataset.lastError() : null, dataset.createdAt(),
				hasJob ? dataset.startedAt() : null, hasJob ? dataset.finishedAt() : null,
				(status == DatasetStatus.SUCCEEDED) ? "/api/datasets/" + dataset.id() + "/report" : null);
	}

	/**
	 * The counts of a dataset's progress, from the head of the stored JSON; from the
	 * whole of it only if the head does not hold them (stored by an older version).
	 */
	private DatasetProgress.@Nullable Counts counts(DatasetSummary dataset) {
		if (dataset.progressHead() == null) {
			return null;
		}
		DatasetProgress.Counts counts = DatasetProgress.counts(this.json, dataset.progressHead());
		if (counts != null || dataset.jobId() == null) {
			return counts;
		}
		String whole = this.queries.find(dataset.jobId()).map(Job::progress).orElse(null);
		if (whole == null) {
			return null;
		}
		DatasetProgress progress = this.json.readValue(whole, DatasetProgress.class);
		return new DatasetProgress.Counts(progress.offset(), progress.rows(), progress.bytesPerSecond());
	}

	private static char delimiter(@Nullable String delimiter) {
		if (delimiter == null || delimiter.isEmpty()) {
			return ',';
		}
		if (delimiter.equals("\\t") || delimiter.equals("tab")) {
			return '\t';
		}
		if (delimiter.length() != 1 || "\"\r\n".indexOf(delimiter.charAt(0)) >= 0) {
			throw new InvalidUploadException("delimiter",
					"must be one character other than a quote, CR or LF (or \"tab\")");
		}
		return delimiter.charAt(0);
	}

	private static String name(@Nullable String name) {
		if (name == null || name.isBlank()) {
			return "dataset.csv";
		}
		if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidUploadException("name",
					"must be at most " + MAX_NAME + " characters, without control " + "characters");
		}
		return name;
	}

	private static DatasetNotFoundException notFound(long id) {
		return new DatasetNotFoundException(id);
	}

}
