package dev.longhaul.queue;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.springdoc.core.annotations.ParameterObject;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.longhaul.web.ConflictException;
import dev.longhaul.web.InvalidRequestException;
import dev.longhaul.web.NotFoundException;
import dev.longhaul.web.PageParameters;
import dev.longhaul.web.Problems;

/**
 * The job explorer's API: the jobs of every queue and type, filtered and keyset-paged
 * newest first, a job's detail with its payload masked, and the operator actions (retry a
 * {@code DEAD} job, cancel a {@code READY} one, delete one that ended), one by one or for
 * every job a filter takes, up to {@value #MAX_BULK} per call. Nothing here knows a job
 * type: what it shows and does holds for every type.
 */
@RestController
@RequestMapping("/api/jobs")
class JobExplorerController {

	static final int MAX_PAGE_SIZE = 200;

	/** The most jobs one bulk action changes; call again while it changes as many. */
	static final int MAX_BULK = 10_000;

	private final JobQueries queries;

	private final JobClient jobs;

	private final JobTypes types;

	private final JsonMapper json;

	private final Clock clock;

	JobExplorerController(JobQueries queries, JobClient jobs, JobTypes types, JsonMapper json, Clock clock) {
		this.queries = queries;
		this.jobs = jobs;
		this.types = types;
		this.json = json;
		this.clock = clock;
	}

	/** Jobs newest first; {@code before} is the previous page's {@code next}. */
	@GetMapping
	JobListing list(@ParameterObject FilterParameters parameters, @RequestParam(required = false) @Nullable Long before,
			@RequestParam(defaultValue = "50") int size) {
		JobFilter filter = parameters.parse(this.clock);
		if (before != null && before < 1) {
			throw new InvalidRequestException("before", "must be a job id, 1 or more");
		}
		JobListing listing = this.queries.explore(filter, before, PageParameters.checkSize(size, MAX_PAGE_SIZE));
		return new JobListing(listing.jobs().stream().map(this::masked).toList(), listing.next());
	}

	@GetMapping("/{id}")
	JobDetail get(@PathVariable long id) {
		Job job = this.queries.find(id).orElseThrow(() -> notFound(id));
		UnaryOperator<String> mask = handlerMask(job.type());
		return new JobDetail(job.id(), job.queue(), job.type(), this.types.find(job.type()).isPresent(), job.status(),
				job.priority(), job.attempts(), job.maxAttempts(), job.runAt(), job.leaseOwner(), job.leaseUntil(),
				mask(job.lastError(), mask), mask(job.result(), mask), job.createdAt(), job.updatedAt(),
				job.startedAt(), job.finishedAt(), PersonalData.maskPayload(job.payload(), this.json, mask));
	}

	/** Queues a DEAD job again with a fresh set of attempts. */
	@PostMapping("/{id}/retry")
	Changed retry(@PathVariable long id) {
		return changed("retry", id, this.jobs.requeue(id), "only a DEAD job can be retried");
	}

	/** Cancels a job that waits to run (READY, a first try or a retry). */
	@PostMapping("/{id}/cancel")
	Changed cancel(@PathVariable long id) {
		return changed("cancel", id, this.jobs.cancel(id), "only a READY job can be cancelled");
	}

	/** Deletes a job that ended (SUCCEEDED, DEAD or CANCELLED). */
	@DeleteMapping("/{id}")
	Changed delete(@PathVariable long id) {
		return changed("delete", id, this.jobs.delete(id), "only a SUCCEEDED, DEAD or CANCELLED job can be deleted");
	}

	/** Retries the DEAD jobs the filter takes, the oldest first. */
	@PostMapping("/retry")
	BulkChanged retryAll(@ParameterObject FilterParameters parameters) {
		JobFilter filter = bulkFilter(parameters, Set.of(JobStatus.DEAD));
		return new BulkChanged("retry", this.jobs.requeueAll(filter, MAX_BULK), MAX_BULK);
	}

	/** Cancels the READY jobs the filter takes, the oldest first. */
	@PostMapping("/cancel")
	BulkChanged cancelAll(@ParameterObject FilterParameters parameters) {
		JobFilter filter = bulkFilter(parameters, Set.of(JobStatus.READY));
		return new BulkChanged("cancel", this.jobs.cancelAll(filter, MAX_BULK), MAX_BULK);
	}

	/** Deletes the jobs that ended the filter takes, the oldest first. */
	@DeleteMapping
	BulkChanged deleteAll(@ParameterObject FilterParameters parameters) {
		JobFilter filter = bulkFilter(parameters, JobStatus.ENDED);
		return new BulkChanged("delete", this.jobs.deleteAll(filter, MAX_BULK), MAX_BULK);
	}

	private JobFilter bulkFilter(FilterParameters parameters, Set<JobStatus> allowed) {
		JobFilter filter = parameters.parse(this.clock);
		if (filter.takesAll()) {
			throw new InvalidRequestException("",
					"a bulk action needs at least one filter "
							+ "(queue, type, status, olderThan, newerThan or error); it changes at most " + MAX_BULK
							+ " jobs per call");
		}
		if (!allowed.containsAll(filter.statuses())) {
			throw new InvalidRequestException("status", "this action applies only to jobs in status "
					+ allowed.stream().sorted().map(JobStatus::name).toList() + ", not " + filter.statuses());
		}
		return filter;
	}

	private Changed changed(String action, long id, JobChange change, String rule) {
		return switch (change.kind()) {
			case DONE -> new Changed(action, 1, masked(JobSummary.of(change.job())));
			case NOT_ALLOWED ->
				throw new ConflictException("Job " + id + " is " + change.job().status() + "; " + rule + ".");
			case NOT_FOUND -> throw notFound(id);
		};
	}

	private JobSummary masked(JobSummary job) {
		return job.withLastError(mask(job.lastError(), handlerMask(job.type())));
	}

	/** The masking of the type's log lines; none for a type no handler runs. */
	private UnaryOperator<String> handlerMask(String type) {
		return this.types.find(type)
			.<UnaryOperator<String>>map((found) -> found.handler()::maskForLog)
			.orElse(UnaryOperator.identity());
	}

	private static @Nullable String mask(@Nullable String text, UnaryOperator<String> mask) {
		return (text != null) ? PersonalData.maskText(text, mask) : null;
	}

	private static NotFoundException notFound(long id) {
		return new NotFoundException("No job has id " + id + ".");
	}

	@ExceptionHandler
	ProblemDetail invalidFilter(InvalidJobFilterException ex) {
		return Problems.invalid(ex.violations());
	}

	/**
	 * An action on one job.
	 *
	 * @param action {@code retry}, {@code cancel} or {@code delete}
	 * @param changed jobs changed: 1
	 * @param job the job after the action (before it, for a delete)
	 */
	record Changed(String action, int changed, JobSummary job) {
	}

	/**
	 * An action on the jobs a filter takes.
	 *
	 * @param action {@code retry}, {@code cancel} or {@code delete}
	 * @param changed how many jobs it changed
	 * @param limit the most one call changes: if {@code changed} is this, more may be
	 * left
	 */
	record BulkChanged(String action, int changed, int limit) {
	}

	/**
	 * A job in full, as an operator may see it.
	 *
	 * @param id its id
	 * @param queue the queue it waits in
	 * @param type its job type
	 * @param registered whether a handler of this application runs the type
	 * @param status where it is
	 * @param priority higher runs first
	 * @param attempts tries that ended
	 * @param maxAttempts tries allowed
	 * @param runAt when it is due
	 * @param leaseOwner the instance running it
	 * @param leaseUntil when that lease runs out
	 * @param lastError why the last try failed, masked
	 * @param result what it produced, masked
	 * @param createdAt when it was enqueued
	 * @param updatedAt when it last changed
	 * @param startedAt when its last try started
	 * @param finishedAt when it ended
	 * @param payload its payload with personal data masked and long texts cut (see
	 * {@link PersonalData#maskPayload})
	 */
	record JobDetail(long id, String queue, String type, boolean registered, JobStatus status, int priority,
			int attempts, int maxAttempts, Instant runAt, @Nullable String leaseOwner, @Nullable Instant leaseUntil,
			@Nullable String lastError, @Nullable String result, Instant createdAt, Instant updatedAt,
			@Nullable Instant startedAt, @Nullable Instant finishedAt, JsonNode payload) {
	}

	/**
	 * The filter's query parameters, the same for the list and the bulk actions (see
	 * {@link JobFilters#parse}).
	 *
	 * @param queue the queue
	 * @param type the job type
	 * @param status one or several statuses
	 * @param olderThan an instant or a duration such as {@code 7d}
	 * @param newerThan an instant or a duration such as {@code 1h}
	 * @param error a literal part of the last error
	 */
	record FilterParameters(@Nullable String queue, @Nullable String type, @Nullable List<String> status,
			@Nullable String olderThan, @Nullable String newerThan, @Nullable String error) {

		JobFilter parse(Clock clock) {
			return JobFilters.parse(this.queue, this.type, this.status, this.olderThan, this.newerThan, this.error,
					clock);
		}

	}

}
