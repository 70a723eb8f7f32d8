package dev.longhaul.queue;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * How to enqueue a job: every option is optional.
 *
 * @param runAt when it is due ({@code null}: now)
 * @param priority higher runs first (default 0)
 * @param idempotencyKey a key that makes a repeated enqueue of the same payload return
 * the first job, and one of another payload fail with
 * {@link IdempotencyConflictException}; unique within the type's queue and its namespace
 * (the application's own, or one per user)
 * @param maxAttempts tries allowed ({@code null}: the type's {@code max-attempts})
 */
public record JobOptions(@Nullable Instant runAt, int priority, @Nullable IdempotencyKey idempotencyKey,
		@Nullable Integer maxAttempts) {

	/** Due now, priority 0, no key, the type's attempts. */
	public static final JobOptions DEFAULTS = new JobOptions(null, 0, null, null);

	public JobOptions {
		Assert.isTrue(maxAttempts == null || maxAttempts > 0, "maxAttempts must be positive");
	}

	public JobOptions withRunAt(@Nullable Instant runAt) {
		return new JobOptions(runAt, this.priority, this.idempotencyKey, this.maxAttempts);
	}

	public JobOptions withPriority(int priority) {
		return new JobOptions(this.runAt, priority, this.idempotencyKey, this.maxAttempts);
	}

	public JobOptions withIdempotencyKey(@Nullable IdempotencyKey idempotencyKey) {
		return new JobOptions(this.runAt, this.priority, idempotencyKey, this.maxAttempts);
	}

	public JobOptions withMaxAttempts(@Nullable Integer maxAttempts) {
		return new JobOptions(this.runAt, this.priority, this.idempotencyKey, maxAttempts);
	}

}
