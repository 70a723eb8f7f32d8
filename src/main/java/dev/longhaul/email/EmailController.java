package dev.longhaul.email;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.longhaul.queue.Enqueued;
import dev.longhaul.queue.IdempotencyConflictException;
import dev.longhaul.queue.IdempotencyKey;
import dev.longhaul.queue.JobChange;
import dev.longhaul.web.ConflictException;
import dev.longhaul.web.InvalidRequestException;
import dev.longhaul.web.NotFoundException;
import dev.longhaul.web.PageParameters;
import dev.longhaul.web.Problems;

/**
 * The email API: enqueue (one or a batch), look up, list, cancel and retry. The outbox's
 * outcomes and its {@link InvalidEmailException} become problem details here.
 */
@RestController
@RequestMapping("/api/emails")
class EmailController {

	static final int MAX_BATCH = 1000;

	static final int MAX_PAGE_SIZE = 100;

	private static final int MAX_KEY_LENGTH = 200;

	private final Outbox outbox;

	EmailController(Outbox outbox) {
		this.outbox = outbox;
	}

	/**
	 * Enqueues an email: 202 with its id and Location; a replay by the same user with the
	 * same Idempotency-Key and body answers 200 with the first email, another body 409.
	 * Keys are the user's own: another user's key, or one the application uses, never
	 * matches.
	 */
	@PostMapping
	ResponseEntity<EmailView> enqueue(@RequestBody EmailRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
			@Nullable Principal principal) {
		checkKey(idempotencyKey);
		// Security lets only authenticated operators here; without a principal (no
		// security at all) every caller shares the namespace of the empty user name.
		IdempotencyKey key = (idempotencyKey != null)
				? IdempotencyKey.ofUser((principal != null) ? principal.getName() : "", idempotencyKey) : null;
		Enqueued enqueued;
		try {
			enqueued = this.outbox.enqueue(request, key);
		}
		catch (IdempotencyConflictException ex) {
			throw new ConflictException("Idempotency key '" + idempotencyKey
					+ "' was already used with a different request (job " + ex.existingJobId() + ")");
		}
		EmailView view = this.outbox.view(enqueued.job());
		return ResponseEntity.status(enqueued.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
			.location(URI.create("/api/emails/" + view.id()))
			.body(view);
	}

	/**
	 * Enqueues up to 1000 emails all or nothing, in one transaction.
	 */
	@PostMapping("/batch")
	ResponseEntity<BatchAccepted> enqueueBatch(@RequestBody List<EmailRequest> requests) {
		if (requests.isEmpty() || requests.size() > MAX_BATCH) {
			throw new InvalidRequestException("",
					"a batch holds 1 to " + MAX_BATCH + " emails, not " + requests.size());
		}
		List<Long> ids = this.outbox.enqueueAll(requests).stream().map((e) -> e.job().id()).toList();
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(new BatchAccepted(ids.size(), ids));
	}

	@GetMapping("/{id}")
	EmailView get(@PathVariable long id) {
		return this.outbox.find(id).orElseThrow(() -> notFound(id));
	}

	@GetMapping
	EmailPage list(@RequestParam(required = false) @Nullable EmailStatus status,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		PageParameters paging = PageParameters.of(page, size, MAX_PAGE_SIZE);
		return this.outbox.list(status, paging.page(), paging.size());
	}

	/** Cancels an email that has not been sent yet (QUEUED or RETRYING). */
	@PostMapping("/{id}/cancel")
	EmailView cancel(@PathVariable long id) {
		return changed(id, this.outbox.cancel(id), "only a QUEUED or RETRYING email can be cancelled");
	}

	/** Queues a FAILED email again, with a fresh set of tries. */
	@PostMapping("/{id}/retry")
	EmailView retry(@PathVariable long id) {
		return changed(id, this.outbox.retry(id), "only a FAILED email can be retried");
	}

	private EmailView changed(long id, JobChange change, String rule) {
		return switch (change.kind()) {
			case DONE -> this.outbox.view(change.job());
			case NOT_ALLOWED ->
				throw new ConflictException("Email " + id + " is " + EmailStatus.of(change.job()) + "; " + rule + ".");
			case NOT_FOUND -> throw notFound(id);
		};
	}

	@ExceptionHandler
	ProblemDetail invalid(InvalidEmailException ex) {
		return Problems.invalid(ex.violations());
	}

	private static NotFoundException notFound(long id) {
		return new NotFoundException("No email has id " + id + ".");
	}

	private static void checkKey(@Nullable String key) {
		if (key != null && (key.isEmpty() || key.length() > MAX_KEY_LENGTH
				|| !key.chars().allMatch((c) -> c >= 0x21 && c <= 0x7e))) {
			throw new InvalidRequestException("Idempotency-Key",
					"must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters without spaces");
		}
	}

	/**
	 * A batch was accepted.
	 *
	 * @param count how many emails
	 * @param ids their ids, in request order
	 */
	record BatchAccepted(int count, List<Long> ids) {
	}

}
