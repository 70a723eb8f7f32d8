package dev.longhaul.email;

import java.time.Duration;
import java.util.stream.Collectors;

import io.micrometer.observation.Observation;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import dev.longhaul.queue.JobContext;
import dev.longhaul.queue.JobHandler;
import dev.longhaul.queue.JobLogContext;
import dev.longhaul.queue.JobOutcome;
import dev.longhaul.queue.JobSettings;

/**
 * Sends the emails of the outbox: the handler of the {@code email} job type, run by the
 * {@code email-sender} worker on {@code longhaul.email.connections} threads, each sending
 * over an SMTP connection of its own that it keeps open across emails. Each outcome is
 * classified from the SMTP reply: sent, rejected for good, tried again later (the same
 * Message-ID when the connection failed in flight). A server that cannot be reached, and
 * rejected credentials, are no fault of the email: it keeps its tries, and the worker
 * backs off (or pauses itself, for credentials) instead.
 */
final class EmailSender implements JobHandler<EmailRequest> {

	/** The job type of emails. */
	static final String TYPE = "email";

	/** The MDC key of the email's id while it is sent (see {@link JobLogContext}). */
	static final String EMAIL_ID = "emailId";

	/** The {@code outcome} of a send's observation until its outcome is known. */
	private static final String NO_OUTCOME = "none";

	private static final Logger logger = LoggerFactory.getLogger(EmailSender.class);

	private final SmtpConnections connections;

	private final EmailMessages messages;

	private final EmailMetrics metrics;

	private final SendRateLimiter rateLimiter;

	private final EmailProperties properties;

	EmailSender(SmtpConnections connections, EmailMessages messages, EmailMetrics metrics, EmailProperties properties) {
		this.connections = connections;
		this.messages = messages;
		this.metrics = metrics;
		this.properties = properties;
		this.rateLimiter = new SendRateLimiter(properties.maxPerSecond());
	}

	@Override
	public String type() {
		return TYPE;
	}

	/**
	 * Queue {@code email}, worker {@code email-sender}, one thread per connection, 50
	 * emails claimed ahead of them, {@code longhaul.email.max-attempts}, and a timeout of
	 * twice Jakarta Mail's connect, read and write timeouts.
	 */
	@Override
	public JobSettings configure(JobSettings defaults) {
		return defaults.withQueue(Outbox.QUEUE)
			.withWorker("email-sender")
			.withConcurrency(this.properties.connections())
			.withPrefetch(this.properties.prefetch())
			.withMaxAttempts(this.properties.maxAttempts())
			.withTimeout(Duration.ofMinutes(3));
	}

	@Override
	public JobOutcome run(JobContext<EmailRequest> job) throws InterruptedException {
		MDC.put(EMAIL_ID, String.valueOf(job.id()));
		if (!this.rateLimiter.acquire(job.stopToken())) {
			return JobOutcome.snooze(Duration.ZERO);
		}
		SmtpConnector.Connection connection;
		try {
			connection = this.connections.current();
		}
		catch (MessagingException | RuntimeException ex) {
			return unavailable(SendFailures.classify(ex, false));
		}
		MimeMessage message;
		try {
			message = this.messages.build(connection.session(), job.id(), job.createdAt(), job.payload());
		}
		catch (MessagingException | RuntimeException ex) {
			return JobOutcome.fail("Cannot build the message: " + ex.getMessage());
		}
		long start = System.nanoTime();
		Observation observation = job.observation("longhaul.email.smtp", "smtp send")
			.lowCardinalityKeyValue("outcome", NO_OUTCOME)
			.start();
		SendOutcome outcome;
		try {
			outcome = send(connection, message, observation);
		}
		finally {
			observation.stop();
		}
		this.metrics.record(outcome, Duration.ofNanos(System.nanoTime() - start));
		return switch (outcome.kind()) {
			case SENT -> {
				String messageId = outcome.reason();
				logger.debug("Email {} sent to {} as {}", job.id(), recipients(job.payload()), messageId);
				yield JobOutcome.done(messageId);
			}
			case REJECTED -> JobOutcome.fail(outcome.reason());
			case RETRY_LATER -> retryLater(job, outcome);
			case SERVER_UNAVAILABLE, MISCONFIGURED -> unavailable(outcome);
		};
	}

	/**
	 * Sends a message and classifies the outcome, which tags the send's observation (a
	 * failure marks its span as an error).
	 */
	private SendOutcome send(SmtpConnector.Connection connection, MimeMessage message, Observation observation) {
		SendOutcome outcome;
		try {
			connection.send(message);
			outcome = new SendOutcome.Sent(messageId(message));
		}
		catch (MessagingException | RuntimeException ex) {
			outcome = SendFailures.classify(ex, true);
			// The reason, masked as in the logs: the exception's message may name
			// recipients.
			observation.error(new SendFailed(EmailAddresses.maskAll(outcome.reason())));
			if (!connection.isConnected()) {
				this.connections.discard();
			}
		}
		observation.lowCardinalityKeyValue("outcome", outcome.kind().tag());
		return outcome;
	}

	private JobOutcome retryLater(JobContext<EmailRequest> job, SendOutcome retry) {
		if (job.isLastAttempt()) {
			this.metrics.failed();
		}
		return JobOutcome.retry(retry.ambiguous()
				? "Connection lost in flight, maybe delivered (resent with the same Message-ID): " + retry.reason()
				: retry.reason());
	}

	/** No connection, or rejected credentials: the email keeps its tries. */
	private JobOutcome unavailable(SendOutcome outcome) {
		return switch (outcome.kind()) {
			case MISCONFIGURED ->
				JobOutcome.pauseQueue(outcome.reason() + "; fix spring.mail.username/password, then resume the worker "
						+ "(POST /api/workers/email-sender/resume)");
			case SERVER_UNAVAILABLE -> JobOutcome.unavailable("SMTP server unavailable: " + outcome.reason());
			case REJECTED -> JobOutcome.unavailable("SMTP server refused the connection: " + outcome.reason());
			case RETRY_LATER, SENT -> JobOutcome.unavailable("SMTP server unavailable: " + outcome.reason());
		};
	}

	@Override
	public void onThreadEnd() {
		this.connections.closeCurrent();
	}

	@Override
	public String maskForLog(String text) {
		return EmailAddresses.maskAll(text);
	}

	private static String messageId(MimeMessage message) {
		try {
			return message.getMessageID();
		}
		catch (MessagingException ex) {
			return "";
		}
	}

	private static String recipients(EmailRequest request) {
		return request.toOrEmpty().stream().map(EmailAddresses::mask).collect(Collectors.joining(", "));
	}

	/**
	 * A failed send, as its observation records it: the masked reason, no stack trace.
	 */
	private static final class SendFailed extends RuntimeException {

		SendFailed(String reason) {
			super(reason, null, false, false);
		}

	}

}
