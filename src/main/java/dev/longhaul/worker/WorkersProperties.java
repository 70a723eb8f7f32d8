package dev.longhaul.worker;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Per-worker settings, {@code longhaul.workers.<name>.*}. Every setting is optional: what
 * is not set keeps the default the worker's code gives (see
 * {@link WorkerSettings#DEFAULTS}). The defaults below are linked, not repeated: the
 * configuration metadata has no per-entry defaults for a map, so the code's constants are
 * their one source, and the README's table is checked against them
 * ({@code WorkerSettingsTest}).
 *
 * @param workers per-worker settings, keyed by worker name: enabled, period, mode
 * (fixed-delay, fixed-rate), cron, zone, initial-delay, idle-delay, shutdown-timeout,
 * backoff.initial, backoff.max, backoff.multiplier, backoff.jitter, on-error (continue,
 * restart, stop-worker, stop-application), max-restarts, restart-window, stall-after,
 * critical, failure-threshold; a name that matches no worker is a start-up error
 */
@ConfigurationProperties("longhaul")
@Validated
public record WorkersProperties(@DefaultValue Map<String, @Valid Overrides> workers) {

	/**
	 * Settings of one worker, laid over the defaults its code gives.
	 *
	 * @param enabled whether the worker starts with the application (default
	 * {@value WorkerSettings#DEFAULT_ENABLED})
	 * @param period timer workers: time between ticks (replaces the code's schedule)
	 * @param mode timer workers: fixed-delay (period between the end of a tick and the
	 * next start) or fixed-rate (period between starts; overlapping ticks are skipped and
	 * counted)
	 * @param cron timer workers: a six-field Spring cron expression, instead of a period
	 * @param zone timer workers: the time zone of the cron expression (default: the
	 * system's)
	 * @param initialDelay wait before the first round (default
	 * {@link WorkerSettings#DEFAULT_INITIAL_DELAY})
	 * @param idleDelay loop workers: wait after an idle round unless woken by new work
	 * (default {@link WorkerSettings#DEFAULT_IDLE_DELAY}, unless the code gives its own)
	 * @param shutdownTimeout how long a stop waits for the current round before
	 * interrupting it (default {@link WorkerSettings#DEFAULT_SHUTDOWN_TIMEOUT}; it must
	 * fit spring.lifecycle.timeout-per-shutdown-phase)
	 * @param backoff delay after failed rounds (default {@link Backoff#DEFAULT})
	 * @param onError continue, restart, stop-worker or stop-application (default
	 * {@link WorkerSettings#DEFAULT_ON_ERROR})
	 * @param maxRestarts on-error=restart: restarts allowed within restart-window before
	 * the worker is FAILED (default {@value WorkerSettings#DEFAULT_MAX_RESTARTS})
	 * @param restartWindow on-error=restart: the sliding window of the restart budget
	 * (default {@link WorkerSettings#DEFAULT_RESTART_WINDOW})
	 * @param stallAfter a round running longer than this marks the worker stalled: health
	 * DOWN (default {@link WorkerSettings#DEFAULT_STALL_AFTER})
	 * @param critical whether a FAILED or stalled worker takes the liveness probe down
	 * (default {@value WorkerSettings#DEFAULT_CRITICAL})
	 * @param failureThreshold consecutive failed rounds from which the worker's health is
	 * DOWN (default {@value WorkerSettings#DEFAULT_FAILURE_THRESHOLD})
	 */
	public record Overrides(@Nullable Boolean enabled, @Nullable @DurationMin(millis = 1) Duration period,
			@Nullable Mode mode, @Nullable String cron, @Nullable String zone,
			@Nullable @DurationMin(millis = 0) Duration initialDelay,
			@Nullable @DurationMin(millis = 1) Duration idleDelay,
			@Nullable @DurationMin(millis = 1) Duration shutdownTimeout, @Nullable @Valid BackoffSettings backoff,
			@Nullable ErrorPolicy onError, @Nullable @PositiveOrZero Integer maxRestarts,
			@Nullable @DurationMin(millis = 1) Duration restartWindow,
			@Nullable @DurationMin(millis = 1) Duration stallAfter, @Nullable Boolean critical,
			@Nullable @Positive Integer failureThreshold) {

		static final Overrides NONE = new Overrides(null, null, null, null, null, null, null, null, null, null, null,
				null, null, null, null);

	}

	/**
	 * How a timer worker measures its period.
	 */
	public enum Mode {

		/** The period runs from the end of one tick to the start of the next. */
		FIXED_DELAY,

		/** The period runs from the start of one tick to the start of the next. */
		FIXED_RATE

	}

	/**
	 * Backoff after failed rounds: min(max, initial × multiplier^(failures-1)), less up
	 * to jitter × that at random.
	 *
	 * What is not set keeps the worker's backoff (by default {@link Backoff#DEFAULT}).
	 *
	 * @param initial delay after the first failure
	 * @param max longest delay
	 * @param multiplier growth per consecutive failure, at least 1
	 * @param jitter share of the delay taken off at random, 0 to 1
	 */
	public record BackoffSettings(@Nullable @DurationMin(millis = 1) Duration initial,
			@Nullable @DurationMin(millis = 1) Duration max, @Nullable @DecimalMin("1.0") Double multiplier,
			@Nullable @DecimalMin("0.0") @DecimalMax("1.0") Double jitter) {
	}

}
