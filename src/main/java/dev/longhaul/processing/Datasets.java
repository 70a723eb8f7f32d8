package dev.longhaul.processing;

import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import dev.longhaul.queue.JobState;
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
		return this.store.summary(id).map((dataset) -> views(List.of(dataset)).get(0));
	}

	/**
	 * A page of datasets, newest first, each with its job's state as the queue has it
	 * now: the page's rows, then all their jobs in one read.
	 * @param status only datasets in this status, or all
	 * @param page the page, from 0
	 * @param size datasets per page
	 * @return the page
	 */
	DatasetPage list(@Nullable DatasetStatus status, int page, int size) {
		if (status != null) {
			List<Long> jobs = this.queries.ids(DatasetProcessor.TYPE, status.jobStatus());
			return new DatasetPage(views(this.store.page(jobs, page, size)), page, size, this.store.count(jobs));
		}
		return new DatasetPage(views(this.store.page(page, size)), page, size, this.store.count());
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

	/** Datasets with their jobs' states, read in one statement. */
	private List<DatasetView> views(List<DatasetSummary> datasets) {
		List<Long> jobIds = datasets.stream().map(DatasetSummary::jobId).filter(Objects::nonNull).toList();
		Map<Long, JobState> jobs = this.queries.states(jobIds, DatasetProgress.HEAD_LENGTH);
		return datasets.stream()
			.map((dataset) -> view(dataset, (dataset.jobId() != null) ? jobs.get(dataset.jobId()) : null))
			.toList();
	}

	/**
	 * A dataset as the API shows it, from its row and its job's state, without the report
	 * or the checkpoint.
	 */
	private DatasetView view(DatasetSummary dataset, @Nullable JobState job) {
		// Without its job (the job cleaner deleted it first), the dataset has ended;
		// retention deletes it at its next tick.
		DatasetStatus status = (job != null) ? DatasetStatus.of(job.status())
				: dataset.hasReport() ? DatasetStatus.SUCCEEDED : DatasetStatus.FAILED;
		DatasetProgress.Counts progress = counts(job);
		long bytes = (status == DatasetStatus.SUCCEEDED) ? dataset.sizeBytes()
				: (progress != null) ? progress.offset() : 0;
		long rows = (progress != null) ? progress.rows() : 0;
		double percent = (dataset.sizeBytes() == 0) ? ((status == DatasetStatus.SUCCEEDED) ? 100 : 0)
				: Math.min(100.0, 100.0 * bytes / dataset.sizeBytes());
		Double rate = (progress != null && status == DatasetStatus.RUNNING) ? progress.bytesPerSecond() : null;
		Long secondsLeft = (rate != null && rate > 0) ? (long) Math.ceil((dataset.sizeBytes() - bytes) / rate) : null;
		return new DatasetView(dataset.id(), dataset.name(), status, dataset.sizeBytes(),
				new DatasetView.Progress(bytes, rows, Math.round(percent * 10) / 10.0, rate, secondsLeft),
				(job != null) ? job.attempts() : 0,
				(job != null && status == DatasetStatus.FAILED) ? job.lastError() : null, dataset.createdAt(),
				(job != null) ? job.startedAt() : null, (job != null) ? job.finishedAt() : null,
				(status == DatasetStatus.SUCCEEDED) ? "/api/datasets/" + dataset.id() + "/report" : null);
	}

	/**
	 * The counts of a dataset's progress, from the head of the stored JSON; from the
	 * whole of it only if the head does not hold them (stored by an older version).
	 */
	private DatasetProgress.@Nullable Counts counts(@Nullable JobState job) {
		if (job == null || job.progressHead() == null) {
			return null;
		}
		DatasetProgress.Counts counts = DatasetProgress.counts(this.json, job.progressHead());
		if (counts != null) {
			return counts;
		}
		String whole = this.queries.find(job.id()).map(Job::progress).orElse(null);
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
