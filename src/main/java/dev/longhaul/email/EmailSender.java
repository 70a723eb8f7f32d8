package dev.longhaul.email;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.longhaul.queue.Job;
import dev.longhaul.queue.JobQueue;
import dev.longhaul.queue.JobQueue.FailOutcome;
import dev.longhaul.worker.LoopTask;
import dev.longhaul.worker.PauseWorkerException;
import dev.longhaul.worker.RoundResult;
import dev.longhaul.worker.StopToken;

/**
 * The {@code email-sender} round: claims a batch of emails, sends them over one SMTP
 * connection, and records each outcome. A stop lets the message in flight finish and
 * hands the rest of the batch back. An unreachable server fails the round (the worker
 * backs off) and rejected credentials pause the worker; in both cases the emails keep
 * their tries.
 */
final class EmailSender implements LoopTask {

	private static final Logger logger = LoggerFactory.getLogger(EmailSender.class);

	private final JobQueue jobs;

	private final Outbox outbox;

	private final SmtpConnector smtp;

	private final EmailMessages messages;

	private final EmailMetrics metrics;

	private final int batchSize;

	private final SendRateLimiter rateLimiter;

	EmailSender(JobQueue jobs, Outbox outbox, SmtpConnector smtp, EmailMessages messages, EmailMetrics metrics,
			EmailProperties properties) {
		this.jobs = jobs;
		this.outbox = outbox;
		this.smtp = smtp;
		this.messages = messages;
		this.metrics = metrics;
		this.batchSize = properties.batchSize();
		this.rateLimiter = new SendRateLimiter(properties.maxPerSecond());
	}

	@Override
	public RoundResult runRound(StopToken stop) throws InterruptedException {
		List<Job> batch = this.jobs.claim(Outbox.QUEUE, this.batchSize);
		if (batch.isEmpty()) {
			return RoundResult.IDLE;
		}
		Deque<Job> pending = new ArrayDeque<>(batch);
		SmtpConnector.Connection connection;
		try {
			connection = this.smtp.open();
		}
		catch (MessagingException | RuntimeException ex) {
			SendOutcome outcome = SendFailures.classify(ex, false);
			throw giveBack(pending, outcome, ex);
		}
		long extendEvery = this.jobs.leaseDuration().toNanos() / 3;
		long extended = System.nanoTime();
		try (connection) {
			while (!pending.isEmpty()) {
				if (System.nanoTime() - extended > extendEvery) {
					// A slow server must not let the batch's leases run out: another
					// instance would resend it.
					pending.removeIf((job) -> !this.jobs.extendLease(job.lease()));
					extended = System.nanoTime();
					if (pending.isEmpty()) {
						break;
					}
				}
				if (!this.rateLimiter.acquire(stop)) {
					release(pending);
					return RoundResult.MORE_WORK;
				}
				Job job = pending.removeFirst();
				SendOutcome outcome = send(connection, job);
				if (outcome instanceof SendOutcome.ServerUnavailable || outcome instanceof SendOutcome.Misconfigured) {
					pending.addFirst(job);
					throw giveBack(pending, outcome, null);
				}
				record(job, outcome);
				if (!(outcome instanceof SendOutcome.Sent) && !connection.isConnected()) {
					// The server hung up: hand the rest back, the next round reconnects.
					release(pending);
					return RoundResult.MORE_WORK;
				}
			}
		}
		return RoundResult.MORE_WORK;
	}

	private SendOutcome send(SmtpConnector.Connection connection, Job job) {
		MimeMessage message;
		try {
			message = this.messages.build(connection.session(), job, this.outbox.request(job));
		}
		catch (MessagingException | RuntimeException ex) {
			return new SendOutcome.Rejected("Cannot build the message: " + ex.getMessage());
		}
		long start = System.nanoTime();
		SendOutcome outcome;
		try {
			connection.send(message);
			outcome = new SendOutcome.Sent(messageId(message));
		}
		catch (MessagingException | RuntimeException ex) {
			outcome = SendFailures.classify(ex, true);
		}
		this.metrics.record(outcome, Duration.ofNanos(System.nanoTime() - start));
		return outcome;
	}

	private static String messageId(MimeMessage message) {
		try {
			return message.getMessageID();
		}
		catch (MessagingException ex) {
			return "";
		}
	}

	private void record(Job job, SendOutcome outcome) {
		if (outcome instanceof SendOutcome.Sent sent) {
			this.jobs.complete(job.lease(), sent.messageId());
			logger.debug("Email {} sent to {} as {}", job.id(), recipients(job), sent.messageId());
		}
		else if (outcome instanceof SendOutcome.Rejected rejected) {
			this.jobs.fail(job.lease(), rejected.reason(), false);
			logger.warn("Email {} to {} failed permanently: {}", job.id(), recipients(job),
					EmailAddresses.maskAll(rejected.reason()));
		}
		else if (outcome instanceof SendOutcome.RetryLater retry) {
			FailOutcome result = this.jobs.fail(job.lease(), retry.reason(), true);
			if (result == FailOutcome.DEAD) {
				this.metrics.failed();
			}
			logger.warn("Email {} to {} failed{} ({}): {}", job.id(), recipients(job),
					retry.ambiguous() ? " in flight, maybe delivered; retrying with the same Message-ID" : "",
					(result == FailOutcome.DEAD) ? "out of tries" : "will retry",
					EmailAddresses.maskAll(retry.reason()));
		}
	}

	/**
	 * Hands every pending email back without counting a try, and returns the exception
	 * that ends the round.
	 */
	private RuntimeException giveBack(Deque<Job> pending, SendOutcome outcome, Throwable cause) {
		String reason = (outcome instanceof SendOutcome.Misconfigured misconfigured) ? misconfigured.reason()
				: (outcome instanceof SendOutcome.ServerUnavailable unavailable) ? unavailable.reason()
						: outcome.toString();
		for (Job job : pending) {
			this.jobs.defer(job.lease(), reason);
		}
		if (outcome instanceof SendOutcome.Misconfigured) {
			return new PauseWorkerException(reason + "; fix spring.mail.username/password, then resume the worker "
					+ "(POST /actuator/workers/email-sender/resume)", cause);
		}
		if (outcome instanceof SendOutcome.ServerUnavailable) {
			return new SmtpUnavailableException(
					"SMTP server unavailable, " + pending.size() + " email(s) handed back: " + reason);
		}
		return new SmtpUnavailableException(reason);
	}

	private void release(Deque<Job> pending) {
		for (Job job : pending) {
			this.jobs.release(job.lease());
		}
		logger.info("Handed {} unsent email(s) back to the queue", pending.size());
	}

	private String recipients(Job job) {
		try {
			EmailRequest request = this.outbox.request(job);
			return request.toOrEmpty().stream().map(EmailAddresses::mask).collect(Collectors.joining(", "));
		}
		catch (RuntimeException ex) {
			return "?";
		}
	}

}
