package dev.longhaul.queue;

import java.time.Duration;

import org.springframework.util.Assert;

import dev.longhaul.worker.Backoff;

/**
 * The settings of one job type: its handler's {@link JobHandler#configure defaults} with
 * {@code longhaul.jobs.<type>.*} laid over them.
 * <p>
 * Types that share a queue share its executor: one worker (so they must name the same
 * one), a pool of the largest {@code concurrency} among them, and room for the largest
 * {@code prefetch}.
 *
 * @param queue the queue its jobs wait in; each queue has one executor per instance
 * @param worker the name of that executor's loop worker, as in
 * {@code longhaul.workers.<name>.*}
 * @param concurrency threads that run jobs of the queue at once on each instance
 * @param prefetch jobs claimed ahead of free threads, waiting in memory for one: fewer
 * claims for short jobs; keep 0 for long ones, which another instance could start sooner
 * @param maxAttempts tries before a job is {@link JobStatus#DEAD}, unless it was enqueued
 * with its own
 * @param retryBackoff delay before the next try of a failed job, by attempt
 * @param timeout how long one run (one step of a multi-step job) may take: then its
 * thread is interrupted, the try fails, and its lease is no longer extended
 */
public record JobSettings(String queue, String worker, int concurrency, int prefetch, int maxAttempts,
		Backoff retryBackoff, Duration timeout) {

	/** The longest concurrency. */
	public static final int MAX_CONCURRENCY = 256;

	public JobSettings {
		Assert.isTrue(queue.matches(JobTypes.NAME), () -> "queue '" + queue + "' must match " + JobTypes.NAME);
		Assert.hasText(worker, "worker must not be empty");
		Assert.isTrue(concurrency >= 1 && concurrency <= MAX_CONCURRENCY,
				() -> "concurrency must be between 1 and " + MAX_CONCURRENCY + ", not " + concurrency);
		Assert.isTrue(prefetch >= 0 && prefetch <= 10_000, () -> "prefetch must be between 0 and 10000");
		Assert.isTrue(maxAttempts >= 1, "max-attempts must be positive");
		Assert.isTrue(timeout.compareTo(Duration.ZERO) > 0, "timeout must be positive");
	}

	public JobSettings withQueue(String queue) {
		return new JobSettings(queue, this.worker, this.concurrency, this.prefetch, this.maxAttempts, this.retryBackoff,
				this.timeout);
	}

	public JobSettings withWorker(String worker) {
		return new JobSettings(this.queue, worker, this.concurrency, this.prefetch, this.maxAttempts, this.retryBackoff,
				this.timeout);
	}

	public JobSettings withConcurrency(int concurrency) {
		return new JobSettings(this.queue, this.worker, concurrency, this.prefetch, this.maxAttempts, this.retryBackoff,
				this.timeout);
	}

	public JobSettings withPrefetch(int prefetch) {
		return new JobSettings(this.queue, this.worker, this.concurrency, prefetch, this.maxAttempts, this.retryBackoff,
				this.timeout);
	}

	public JobSettings withMaxAttempts(int maxAttempts) {
		return new JobSettings(this.queue, this.worker, this.concurrency, this.prefetch, maxAttempts, this.retryBackoff,
				this.timeout);
	}

	public JobSettings withRetryBackoff(Backoff retryBackoff) {
		return new JobSettings(this.queue, this.worker, this.concurrency, this.prefetch, this.maxAttempts, retryBackoff,
				this.timeout);
	}

	public JobSettings withTimeout(Duration timeout) {
		return new JobSettings(this.queue, this.worker, this.concurrency, this.prefetch, this.maxAttempts,
				this.retryBackoff, timeout);
	}

}
