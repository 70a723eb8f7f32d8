package dev.longhaul.queue;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A job to enqueue, as stored: the untyped form behind
 * {@link JobClient#enqueue(String, Object, JobOptions)}.
 *
 * @param queue the queue, such as {@code email}
 * @param type the job type, whose handler runs it
 * @param payload its data, as JSON
 * @param priority higher runs first (default 0)
 * @param runAt when it is due ({@code null}: now)
 * @param maxAttempts tries allowed ({@code null}: {@code longhaul.queue.max-attempts})
 * @param idempotencyKey the key as stored, with its namespace (see
 * {@link IdempotencyKey#stored()}): a second enqueue with the same key returns the first
 * job
 * @param requestHash a hash of the request, to tell a replay (same hash) from a conflict
 * (another hash)
 */
public record NewJob(String queue, String type, String payload, int priority, @Nullable Instant runAt,
		@Nullable Integer maxAttempts, @Nullable String idempotencyKey, @Nullable String requestHash) {

	public NewJob {
		Assert.hasText(queue, "queue must not be empty");
		Assert.hasText(type, "type must not be empty");
		Assert.isTrue(maxAttempts == null || maxAttempts > 0, "maxAttempts must be positive");
	}

	/**
	 * A job due now, with default priority and attempts, of the type named as its queue.
	 * @param queue the queue, also the job's type
	 * @param payload its data, as JSON
	 * @return the job
	 */
	public static NewJob of(String queue, String payload) {
		return new NewJob(queue, queue, payload, 0, null, null, null, null);
	}

	public NewJob withType(String type) {
		return new NewJob(this.queue, type, this.payload, this.priority, this.runAt, this.maxAttempts,
				this.idempotencyKey, this.requestHash);
	}

	public NewJob withIdempotencyKey(@Nullable String key, @Nullable String requestHash) {
		return new NewJob(this.queue, this.type, this.payload, this.priority, this.runAt, this.maxAttempts, key,
				requestHash);
	}

	public NewJob withPriority(int priority) {
		return new NewJob(this.queue, this.type, this.payload, priority, this.runAt, this.maxAttempts,
				this.idempotencyKey, this.requestHash);
	}

	public NewJob withRunAt(@Nullable Instant runAt) {
		return new NewJob(this.queue, this.type, this.payload, this.priority, runAt, this.maxAttempts,
				this.idempotencyKey, this.requestHash);
	}

	public NewJob withMaxAttempts(@Nullable Integer maxAttempts) {
		return new NewJob(this.queue, this.type, this.payload, this.priority, this.runAt, maxAttempts,
				this.idempotencyKey, this.requestHash);
	}

}
