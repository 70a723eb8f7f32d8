package dev.longhaul.email;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.longhaul.queue.Enqueued;
import dev.longhaul.queue.IdempotencyKey;
import dev.longhaul.queue.Job;
import dev.longhaul.queue.JobChange;
import dev.longhaul.queue.JobClient;
import dev.longhaul.queue.JobOptions;
import dev.longhaul.queue.JobQueries;
import dev.longhaul.validation.Violation;

/**
 * The email outbox: validates emails and stores them as jobs of the {@code email} type,
 * for the {@link EmailSender}. Called inside a transaction, an enqueue commits or rolls
 * back with the caller's business write, so an email goes out exactly when the change it
 * announces happened. Each email's recipients and subject are stored apart as well, so
 * that the list reads them and never a payload.
 */
public final class Outbox {

	/** The queue emails wait in. */
	public static final String QUEUE = "email";

	private final JobClient jobs;

	private final JobQueries queries;

	private final JsonMapper json;

	private final EmailValidator validator;

	private final EmailProperties properties;

	private final EmailSummaries summaries;

	private final TransactionTemplate transactions;

	public Outbox(JobClient jobs, JobQueries queries, JdbcTemplate jdbc, TransactionTemplate transactions,
			JsonMapper json, EmailProperties properties) {
		this.jobs = jobs;
		this.queries = queries;
		this.summaries = new EmailSummaries(jdbc, json, queries);
		this.transactions = transactions;
		this.json = json;
		this.properties = properties;
		this.validator = new EmailValidator(properties.maxBodySize().toBytes());
	}

	/**
	 * Enqueues an email, in the caller's transaction if there is one.
	 * @param request the email
	 * @param idempotencyKey a key that makes a retried request return the first email, or
	 * {@code null}: a user's ({@link IdempotencyKey#ofUser}) for an API request, the
	 * application's own ({@link IdempotencyKey#internal}) otherwise
	 * @return the email, and whether this call created it
	 * @throws InvalidEmailException if the email breaks a rule; nothing is stored
	 * @throws dev.longhaul.queue.IdempotencyConflictException if the key was used with
	 * another email
	 */
	public Enqueued enqueue(EmailRequest request, @Nullable IdempotencyKey idempotencyKey) {
		List<Violation> violations = this.validator.validate(request, "");
		if (!violations.isEmpty()) {
			throw new InvalidEmailException(violations);
		}
		return this.transactions.execute((status) -> {
			Enqueued enqueued = this.jobs.enqueue(EmailSender.TYPE, request,
					JobOptions.DEFAULTS.withIdempotencyKey(idempotencyKey));
			if (enqueued.created()) {
				this.summaries.insert(List.of(enqueued.job().id()), List.of(request));
			}
			return enqueued;
		});
	}

	/**
	 * Enqueues emails all or nothing, in one transaction.
	 * @param requests the emails
	 * @return each email, in order
	 * @throws InvalidEmailException if any email breaks a rule (fields prefixed with its
	 * index); nothing is stored
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
			throw new InvalidEmailException(violations);
		}
		return this.transactions.execute((status) -> {
			List<Enqueued> enqueued = this.jobs.enqueueAll(EmailSender.TYPE, requests, JobOptions.DEFAULTS);
			List<Long> ids = new ArrayList<>(enqueued.size());
			List<EmailRequest> created = new ArrayList<>(enqueued.size());
			for (int i = 0; i < enqueued.size(); i++) {
				if (enqueued.get(i).created()) {
					ids.add(enqueued.get(i).job().id());
					created.add(requests.get(i));
				}
			}
			this.summaries.insert(ids, created);
			return enqueued;
		});
	}

	/**
	 * An email by id.
	 * @param id the id
	 * @return the email, if there is one
	 */
	public Optional<EmailView> find(long id) {
		return this.queries.find(id).filter(Outbox::isEmail).map(this::view);
	}

	/**
	 * A page of emails, newest first, read from their summaries, not their payloads.
	 * @param status only emails in this status, or all
	 * @param page the page, from 0
	 * @param size emails per page
	 * @return the page
	 */
	public EmailPage list(@Nullable EmailStatus status, int page, int size) {
		Boolean withError = (status == EmailStatus.QUEUED) ? Boolean.FALSE
				: (status == EmailStatus.RETRYING) ? Boolean.TRUE : null;
		EmailSummaries.Page rows = this.summaries.page(QUEUE, (status != null) ? status.jobStatus() : null, withError,
				page, size);
		List<EmailView> views = new ArrayList<>(rows.rows().size());
		for (EmailSummaries.Row row : rows.rows()) {
			EmailView view = view(row);
			if (view != null) {
				views.add(view);
			}
		}
		return new EmailPage(views, page, size, rows.total());
	}

	/**
	 * An email as the list shows it: from its summary, or, stored before summaries
	 * existed, from its payload.
	 * @return the view, or {@code null} if the email was deleted meanwhile
	 */
	private @Nullable EmailView view(EmailSummaries.Row row) {
		EmailSummaries.Summary summary = row.summary();
		if (summary == null) {
			return this.queries.find(row.id()).map(this::view).orElse(null);
		}
		EmailStatus status = EmailStatus.of(row.status(), row.lastError());
		return new EmailView(row.id(), status, summary.to(), summary.cc(), summary.bcc(), summary.subject(),
				row.attempts(), row.lastError(),
				(status == EmailStatus.QUEUED || status == EmailStatus.RETRYING) ? row.runAt() : null,
				(status == EmailStatus.SENT) ? row.finishedAt() : null,
				MessageIds.of(row.id(), row.createdAt(), this.properties.messageIdDomain()), row.createdAt());
	}

	/**
	 * Cancels an email that has not been sent.
	 * @param id the email
	 * @return the outcome
	 */
	public JobChange cancel(long id) {
		return isEmail(id) ? this.jobs.cancel(id) : new JobChange.NotFound(id);
	}

	/**
	 * Queues a FAILED email again, with a fresh set of tries.
	 * @param id the email
	 * @return the outcome
	 */
	public JobChange retry(long id) {
		return isEmail(id) ? this.jobs.requeue(id) : new JobChange.NotFound(id);
	}

	private boolean isEmail(long id) {
		return this.queries.find(id).map(Outbox::isEmail).orElse(false);
	}

	private static boolean isEmail(Job job) {
		return EmailSender.TYPE.equals(job.type());
	}

	EmailView view(Job job) {
		EmailRequest request = this.json.readValue(job.payload(), EmailRequest.class);
		EmailStatus status = EmailStatus.of(job);
		return new EmailView(job.id(), status, request.toOrEmpty(), request.ccOrEmpty(), request.bccOrEmpty(),
				request.subject(), job.attempts(), job.lastError(),
				(status == EmailStatus.QUEUED || status == EmailStatus.RETRYING) ? job.runAt() : null,
				(status == EmailStatus.SENT) ? job.finishedAt() : null,
				MessageIds.of(job, this.properties.messageIdDomain()), job.createdAt());
	}

}
