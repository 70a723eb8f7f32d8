package dev.longhaul.queue;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A row of the {@code jobs} table.
 *
 * @param id the job's id
 * @param queue the queue it waits in, such as {@code email}: which executor claims it
 * @param type its job type, such as {@code email}: which handler runs it
 * @param payload its data, as JSON
 * @param status where it is in its life
 * @param priority higher runs first
 * @param runAt when it is due
 * @param attempts tries that ended (failed, or lost their lease)
 * @param maxAttempts tries allowed before it is {@link JobStatus#DEAD}
 * @param leaseOwner the instance holding it, while running
 * @param leaseToken the token that fences updates, while running
 * @param leaseUntil when the lease runs out, while running
 * @param lastError why the last try failed
 * @param idempotencyKey the caller's key with its namespace (see
 * {@link IdempotencyKey#stored()}), if any
 * @param requestHash a hash of the request that made it, to tell a replay from a conflict
 * @param progress a checkpoint, as JSON
 * @param result what the job produced, such as a Message-ID
 * @param createdAt when it was enqueued
 * @param updatedAt when it last changed
 * @param startedAt when the last try started
 * @param finishedAt when it succeeded, died or was cancelled
 * @param traceParent the W3C {@code traceparent} of the trace that enqueued it, if one
 * did: its runs join that trace
 */
public record Job(long id, String queue, String type, String payload, JobStatus status, int priority, Instant runAt,
		int attempts, int maxAttempts, @Nullable String leaseOwner, @Nullable String leaseToken,
		@Nullable Instant leaseUntil, @Nullable String lastError, @Nullable String idempotencyKey,
		@Nullable String requestHash, @Nullable String progress, @Nullable String result, Instant createdAt,
		Instant updatedAt, @Nullable Instant startedAt, @Nullable Instant finishedAt, @Nullable String traceParent) {

	/**
	 * The lease this job was claimed under, for fenced updates.
	 * @return the lease
	 * @throws IllegalStateException if the job is not running
	 */
	public Lease lease() {
		if (this.leaseToken == null) {
			throw new IllegalStateException("Job " + this.id + " is not leased");
		}
		return new Lease(this.id, this.leaseToken);
	}

	/**
	 * The right to update a claimed job: updates carry the token and change nothing once
	 * another claim replaced it.
	 *
	 * @param jobId the job
	 * @param token the token its claim set
	 */
	public record Lease(long jobId, String token) {
	}

}
