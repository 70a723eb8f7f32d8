package dev.longhaul.queue;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A job as the job explorer lists it: its row without the payload, the progress, the
 * result and the lease token.
 *
 * @param id the job's id
 * @param queue the queue it waits in
 * @param type its job type
 * @param status where it is in its life
 * @param priority higher runs first
 * @param attempts tries that ended
 * @param maxAttempts tries allowed before it is {@link JobStatus#DEAD}
 * @param runAt when it is due
 * @param leaseOwner the instance running it, while running
 * @param leaseUntil when that instance's lease runs out, while running
 * @param lastError why the last try failed
 * @param createdAt when it was enqueued
 * @param startedAt when the last try started
 * @param finishedAt when it succeeded, died or was cancelled
 */
public record JobSummary(long id, String queue, String type, JobStatus status, int priority, int attempts,
		int maxAttempts, Instant runAt, @Nullable String leaseOwner, @Nullable Instant leaseUntil,
		@Nullable String lastError, Instant createdAt, @Nullable Instant startedAt, @Nullable Instant finishedAt) {

	/**
	 * The same job with its last error as given.
	 * @param lastError the error to show
	 * @return the job
	 */
	public JobSummary withLastError(@Nullable String lastError) {
		return new JobSummary(this.id, this.queue, this.type, this.status, this.priority, this.attempts,
				this.maxAttempts, this.runAt, this.leaseOwner, this.leaseUntil, lastError, this.createdAt,
				this.startedAt, this.finishedAt);
	}

	static JobSummary of(Job job) {
		return new JobSummary(job.id(), job.queue(), job.type(), job.status(), job.priority(), job.attempts(),
				job.maxAttempts(), job.runAt(), job.leaseOwner(), job.leaseUntil(), job.lastError(), job.createdAt(),
				job.startedAt(), job.finishedAt());
	}

}
