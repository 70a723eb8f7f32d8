package dev.longhaul.queue;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.longhaul.worker.Backoff;

/**
 * The job engine's settings, {@code longhaul.queue.*}.
 *
 * @param leaseDuration how long a claim holds a job without renewal; executors extend the
 * leases of the jobs they hold every third of it, so it only caps how long a frozen
 * holder keeps a job (a crashed instance's jobs come back after
 * longhaul.cluster.instance-timeout)
 * @param maxAttempts tries a job gets before it is DEAD, unless its type or the job says
 * otherwise
 * @param retryInitial delay before the first retry of a failed job
 * @param retryMax longest delay between retries
 * @param retryMultiplier growth of the delay per failed try
 * @param retryJitter share of the delay taken off at random, 0 to 1
 * @param retention how long jobs that ended (sent emails included) are kept before the
 * job-cleaner worker deletes them
 * @param completion how finished runs are acknowledged
 */
@ConfigurationProperties("longhaul.queue")
@Validated
public record QueueProperties(@DefaultValue("5m") @DurationMin(seconds = 1) Duration leaseDuration,
		@DefaultValue("10") @Positive int maxAttempts,
		@DefaultValue("10s") @DurationMin(millis = 1) Duration retryInitial,
		@DefaultValue("1h") @DurationMin(millis = 1) Duration retryMax,
		@DefaultValue("2.0") @DecimalMin("1.0") double retryMultiplier,
		@DefaultValue("0.2") @DecimalMin("0.0") @DecimalMax("1.0") double retryJitter,
		@DefaultValue("7d") @DurationMin(minutes = 1) Duration retention, @DefaultValue @Valid Completion completion) {

	/**
	 * Defaults, for tests and tools.
	 * @return the settings every property's default gives
	 */
	public static QueueProperties defaults() {
		return new QueueProperties(Duration.ofMinutes(5), 10, Duration.ofSeconds(10), Duration.ofHours(1), 2.0, 0.2,
				Duration.ofDays(7), Completion.DEFAULTS);
	}

	Backoff retryBackoff() {
		return new Backoff(this.retryInitial, this.retryMax, this.retryMultiplier, this.retryJitter);
	}

	/**
	 * How finished runs are acknowledged: in groups, one transaction each.
	 *
	 * @param batchSize write a group once this many acknowledgements wait
	 * @param flushInterval write a group once the oldest has waited this long
	 * @param maxPending the most acknowledgements that may wait (while the database is
	 * unreachable); executors wait before adding more, and so claim no more
	 * @param stopTimeout how long a stop keeps trying to write what is left while the
	 * database is unreachable
	 */
	public record Completion(@DefaultValue("100") @Min(1) @Max(JobCompleter.MAX_GROUP) int batchSize,
			@DefaultValue("5ms") @DurationMin(millis = 1) @DurationMax(seconds = 10) Duration flushInterval,
			@DefaultValue("10000") @Min(1) @Max(1_000_000) int maxPending,
			@DefaultValue("10s") @DurationMin(millis = 1) Duration stopTimeout) {

		/** Every property's default. */
		public static final Completion DEFAULTS = new Completion(100, Duration.ofMillis(5), 10_000,
				Duration.ofSeconds(10));

		JobCompleter.Settings settings() {
			return new JobCompleter.Settings(this.batchSize, this.flushInterval, this.maxPending, this.stopTimeout);
		}

	}

}
