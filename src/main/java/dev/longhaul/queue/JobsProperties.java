package dev.longhaul.queue;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.longhaul.worker.WorkersProperties.BackoffSettings;

/**
 * Per-job-type settings, {@code longhaul.jobs.<type>.*}. Every setting is optional: what
 * is not set keeps the default its handler gives ({@link JobHandler#configure}).
 *
 * @param jobs per-job-type settings, keyed by job type (email, dataset, or a type of your
 * own): queue, concurrency, prefetch, max-attempts, retry.initial, retry.max,
 * retry.multiplier, retry.jitter, timeout; a type that has no handler is a start-up error
 */
@ConfigurationProperties("longhaul")
@Validated
public record JobsProperties(@DefaultValue Map<String, @Valid Overrides> jobs) {

	/**
	 * Settings of one job type, laid over its handler's defaults.
	 *
	 * @param queue the queue its jobs wait in (default: as the handler says, else the
	 * type's name); jobs already enqueued stay in their queue
	 * @param concurrency threads that run the queue's jobs at once on each instance
	 * @param prefetch jobs claimed ahead of free threads, waiting in memory for one
	 * @param maxAttempts tries before a job is DEAD, unless enqueued with its own
	 * @param retry backoff between tries of a failed job (default:
	 * longhaul.queue.retry-*)
	 * @param timeout how long one run (one step of a multi-step job) may take before its
	 * thread is interrupted and the try fails (default 5m)
	 */
	public record Overrides(@Nullable String queue,
			@Nullable @Min(1) @Max(JobSettings.MAX_CONCURRENCY) Integer concurrency,
			@Nullable @Min(0) @Max(10_000) Integer prefetch, @Nullable @Positive Integer maxAttempts,
			@Nullable @Valid BackoffSettings retry, @Nullable @DurationMin(millis = 1) Duration timeout) {

		static final Overrides NONE = new Overrides(null, null, null, null, null, null);

	}

}
