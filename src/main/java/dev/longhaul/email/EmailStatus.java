package dev.longhaul.email;

import org.jspecify.annotations.Nullable;

import dev.longhaul.queue.Job;
import dev.longhaul.queue.JobStatus;

/**
 * Where an email is, as the API shows it; derived from its job.
 */
public enum EmailStatus {

	/** Waiting for the sender. */
	QUEUED,

	/** Being sent now. */
	SENDING,

	/** Accepted by the SMTP server. */
	SENT,

	/**
	 * Waiting for another try after a temporary failure; {@code lastError} says which.
	 */
	RETRYING,

	/**
	 * Rejected by the server, or out of tries; {@code lastError} has the server's reply.
	 * Can be retried.
	 */
	FAILED,

	/** Cancelled before it was sent. */
	CANCELLED;

	static EmailStatus of(Job job) {
		return of(job.status(), job.lastError());
	}

	static EmailStatus of(JobStatus status, @Nullable String lastError) {
		return switch (status) {
			case READY -> (lastError != null) ? RETRYING : QUEUED;
			case RUNNING -> SENDING;
			case SUCCEEDED -> SENT;
			case DEAD -> FAILED;
			case CANCELLED -> CANCELLED;
		};
	}

	JobStatus jobStatus() {
		return switch (this) {
			case QUEUED, RETRYING -> JobStatus.READY;
			case SENDING -> JobStatus.RUNNING;
			case SENT -> JobStatus.SUCCEEDED;
			case FAILED -> JobStatus.DEAD;
			case CANCELLED -> JobStatus.CANCELLED;
		};
	}

}
