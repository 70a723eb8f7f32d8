package dev.longhaul.email;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.longhaul.config.Sha256;
import dev.longhaul.queue.Enqueued;
import dev.longhaul.queue.Job;
import dev.longhaul.queue.JobQueue;
import dev.longhaul.queue.JobQueue.Change;
import dev.longhaul.queue.JobQueue.JobPage;
import dev.longhaul.queue.NewJob;
import dev.longhaul.web.InvalidRequestException;
import dev.longhaul.web.Violation;

/**
 * The email outbox: validates emails and stores them as jobs of the {@code email} queue,
 * for the {@code email-sender} worker. Called inside a transaction, an enqueue commits or
 * rolls back with the caller's business write, so an email goes out exactly when the
 * change it announces happened.
 */
public final class Outbox {

	/** The queue emails wait in. */
	public static final String QUEUE = "email";

	private final JobQueue jobs;

	private final JsonMapper json;

	private final EmailValidator validator;

	private final EmailProperties properties;

	public Outbox(JobQueue jobs, JsonMapper json, EmailProperties properties) {
		this.jobs = jobs;
		this.json = json;
		this.properties = properties;
		this.validator = new EmailValidator(properties.maxBodySize().toBytes());
	}

	/**
	 * Enqueues an email, in the caller's transaction if there is one.
	 * @param request the email
	 * @param idempotencyKey a key that makes a retried request return the first email, or
	 * {@code null}
	 * @return the email, and whether this call created it
	 * @throws InvalidRequestException if the email breaks a rule; nothing is stored
	 * @throws dev.longhaul.queue.IdempotencyConflictException if the key was used with
	 * another email
	 */
	public Enqueued enqueue(EmailRequest request, @Nullable String idempotencyKey) {
		List<Violation> violations = this.validator.validate(request, "");
		if (!violations.isEmpty()) {
			throw new InvalidRequestException(violations);
		}
		String payload = this.json.writeValueAsString(request);
		return this.jobs.enqueue(newJob(payload).withIdempotencyKey(idempotencyKey, Sha256.hex(payload)));
	}

	/**
	 * Enqueues emails all or nothing, in one transaction.
	 * @param requests the emails
	 * @return each email, in order
	 * @throws InvalidRequestException if any email breaks a rule (fields prefixed with
	 * its index); nothing is stored
	 */
	public List<Enqueued> enqueueAll(List<EmailRequest> requests) {
		List<Violation> violations = new ArrayList<>();
		for (int i = 0; i < requests.size(); i++) {
			if (requests.get(i) == null) {
				violations.add(new Violation("[" + i + "]", "must be an email, not null"));
			}
			else {
				violations.addAll(this.validator.validate(requests.get(i), "[" + i + "]."));
			}
		}
		if (!violations.isEmpty()) {
			throw new InvalidRequestException(violations);
		}
		return this.jobs.enqueueAll(requests.stream().map((r) -> newJob(this.json.writeValueAsString(r))).toList());
	}

	private NewJob newJob(String payload) {
		return NewJob.of(QUEUE, payload).withMaxAttempts(this.properties.maxAttempts());
	}

	/**
	 * An email by id.
	 * @param id the id
	 * @return the email, if there is one
	 */
	public Optional<EmailView> find(long id) {
		return this.jobs.find(id).filter((job) -> QUEUE.equals(job.queue())).map(this::view);
	}

	/**
	 * A page of emails, newest first.
	 * @param status only emails in this status, or all
	 * @param page the page, from 0
	 * @param size emails per page
	 * @return the page
	 */
	public EmailPage list(@Nullable EmailStatus status, int page, int size) {
		Boolean withError = (status == EmailStatus.QUEUED) ? Boolean.FALSE
				: (status == EmailStatus.RETRYING) ? Boolean.TRUE : null;
		JobPage jobs = this.jobs.list(QUEUE, (status != null) ? status.jobStatus() : null, withError, page, size);
		return new EmailPage(jobs.jobs().stream().map(this::view).toList(), page, size, jobs.total());
	}

	/**
	 * Cancels an email that has not been sent.
	 * @param id the email
	 * @return the outcome
	 */
	public Change cancel(long id) {
		return isEmail(id) ? this.jobs.cancel(id) : new Change.NotFound(id);
	}

	/**
	 * Queues a FAILED email again, with a fresh set of tries.
	 * @param id the email
	 * @return the outcome
	 */
	public Change retry(long id) {
		return isEmail(id) ? this.jobs.requeue(id) : new Change.NotFound(id);
	}

	private boolean isEmail(long id) {
		return this.jobs.find(id).map((job) -> QUEUE.equals(job.queue())).orElse(false);
	}

	EmailView view(Job job) {
		EmailRequest request = request(job);
		EmailStatus status = EmailStatus.of(job);
		return new EmailView(job.id(), status, request.toOrEmpty(), request.ccOrEmpty(), request.bccOrEmpty(),
				request.subject(), job.attempts(), job.lastError(),
				(status == EmailStatus.QUEUED || status == EmailStatus.RETRYING) ? job.runAt() : null,
				(status == EmailStatus.SENT) ? job.finishedAt() : null,
				MessageIds.of(job, this.properties.messageIdDomain()), job.createdAt());
	}

	EmailRequest request(Job job) {
		return this.json.readValue(job.payload(), EmailRequest.class);
	}

}
