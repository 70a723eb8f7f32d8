package dev.longhaul.worker;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The resolved settings of one worker: the code's defaults with
 * {@code longhaul.workers.<name>.*} laid over them. Each default is written once, as a
 * {@code DEFAULT_*} constant (the backoff's is {@link Backoff#DEFAULT}); make settings
 * with {@link #loop}, {@link #timer} or a {@link #builder()}, and change one with
 * {@link #toBuilder()}.
 *
 * @param enabled whether the worker starts with the application context (default
 * {@value #DEFAULT_ENABLED})
 * @param schedule when a timer worker ticks ({@code null} for loop workers)
 * @param initialDelay wait before the first round (default
 * {@link #DEFAULT_INITIAL_DELAY})
 * @param idleDelay how long a loop worker waits after an idle round, unless woken
 * (default {@link #DEFAULT_IDLE_DELAY})
 * @param shutdownTimeout how long a stop waits for the current round before interrupting
 * it (default {@link #DEFAULT_SHUTDOWN_TIMEOUT})
 * @param backoff delay after failed rounds (default {@link Backoff#DEFAULT})
 * @param onError what to do after a failed round (default {@link #DEFAULT_ON_ERROR})
 * @param maxRestarts restarts allowed within {@code restartWindow} (policy
 * {@code restart}; default {@value #DEFAULT_MAX_RESTARTS})
 * @param restartWindow the sliding window of the restart budget (default
 * {@link #DEFAULT_RESTART_WINDOW})
 * @param stallAfter a round running longer than this marks the worker stalled (health
 * DOWN; default {@link #DEFAULT_STALL_AFTER})
 * @param critical whether a FAILED or stalled worker takes the liveness probe down
 * (default {@value #DEFAULT_CRITICAL})
 * @param failureThreshold consecutive failures from which health reports DOWN (default
 * {@value #DEFAULT_FAILURE_THRESHOLD})
 */
public record WorkerSettings(boolean enabled, @Nullable Schedule schedule, Duration initialDelay, Duration idleDelay,
		Duration shutdownTimeout, Backoff backoff, ErrorPolicy onError, int maxRestarts, Duration restartWindow,
		Duration stallAfter, boolean critical, int failureThreshold) {

	/** Default of {@link #enabled()}. */
	public static final boolean DEFAULT_ENABLED = true;

	/** Default of {@link #initialDelay()}: none. */
	public static final Duration DEFAULT_INITIAL_DELAY = Duration.ZERO;

	/** Default of {@link #idleDelay()}. */
	public static final Duration DEFAULT_IDLE_DELAY = Duration.ofSeconds(5);

	/** Default of {@link #shutdownTimeout()}. */
	public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);

	/** Default of {@link #onError()}. */
	public static final ErrorPolicy DEFAULT_ON_ERROR = ErrorPolicy.CONTINUE;

	/** Default of {@link #maxRestarts()}. */
	public static final int DEFAULT_MAX_RESTARTS = 5;

	/** Default of {@link #restartWindow()}. */
	public static final Duration DEFAULT_RESTART_WINDOW = Duration.ofMinutes(10);

	/** Default of {@link #stallAfter()}. */
	public static final Duration DEFAULT_STALL_AFTER = Duration.ofMinutes(10);

	/** Default of {@link #critical()}. */
	public static final boolean DEFAULT_CRITICAL = false;

	/** Default of {@link #failureThreshold()}. */
	public static final int DEFAULT_FAILURE_THRESHOLD = 3;

	/** The defaults every worker starts from, with no schedule. */
	public static final WorkerSettings DEFAULTS = builder().build();

	public WorkerSettings {
		Assert.isTrue(!initialDelay.isNegative(), "initial-delay must not be negative");
		Assert.isTrue(idleDelay.compareTo(Duration.ZERO) > 0, "idle-delay must be positive");
		Assert.isTrue(shutdownTimeout.compareTo(Duration.ZERO) > 0, "shutdown-timeout must be positive");
		Assert.isTrue(maxRestarts >= 0, "max-restarts must not be negative");
		Assert.isTrue(restartWindow.compareTo(Duration.ZERO) > 0, "restart-window must be positive");
		Assert.isTrue(stallAfter.compareTo(Duration.ZERO) > 0, "stall-after must be positive");
		Assert.isTrue(failureThreshold > 0, "failure-threshold must be positive");
	}

	/**
	 * Defaults for a timer worker on the given schedule.
	 * @param schedule when the worker ticks
	 * @return the settings
	 */
	public static WorkerSettings timer(Schedule schedule) {
		return builder().schedule(schedule).build();
	}

	/**
	 * Defaults for a loop worker with the given idle delay.
	 * @param idleDelay how long to wait after an idle round
	 * @return the settings
	 */
	public static WorkerSettings loop(Duration idleDelay) {
		return builder().idleDelay(idleDelay).build();
	}

	/**
	 * A builder that starts from the defaults.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * A builder that starts from these settings, to change some of them.
	 * @return the builder
	 */
	public Builder toBuilder() {
		return new Builder(this);
	}

	/**
	 * Builds {@link WorkerSettings}; each setter replaces one setting, and
	 * {@link #build()} checks them all. Not thread-safe.
	 */
	public static final class Builder {

		private boolean enabled = DEFAULT_ENABLED;

		private @Nullable Schedule schedule;

		private Duration initialDelay = DEFAULT_INITIAL_DELAY;

		private Duration idleDelay = DEFAULT_IDLE_DELAY;

		private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;

		private Backoff backoff = Backoff.DEFAULT;

		private ErrorPolicy onError = DEFAULT_ON_ERROR;

		private int maxRestarts = DEFAULT_MAX_RESTARTS;

		private Duration restartWindow = DEFAULT_RESTART_WINDOW;

		private Duration stallAfter = DEFAULT_STALL_AFTER;

		private boolean critical = DEFAULT_CRITICAL;

		private int failureThreshold = DEFAULT_FAILURE_THRESHOLD;

		private Builder() {
		}

		private Builder(WorkerSettings settings) {
			this.enabled = settings.enabled;
			this.schedule = settings.schedule;
			this.initialDelay = settings.initialDelay;
			this.idleDelay = settings.idleDelay;
			this.shutdownTimeout = settings.shutdownTimeout;
			this.backoff = settings.backoff;
			this.onError = settings.onError;
			this.maxRestarts = settings.maxRestarts;
			this.restartWindow = settings.restartWindow;
			this.stallAfter = settings.stallAfter;
			this.critical = settings.critical;
			this.failureThreshold = settings.failureThreshold;
		}

		public Builder enabled(boolean enabled) {
			this.enabled = enabled;
			return this;
		}

		public Builder schedule(@Nullable Schedule schedule) {
			this.schedule = schedule;
			return this;
		}

		public Builder initialDelay(Duration initialDelay) {
			this.initialDelay = initialDelay;
			return this;
		}

		public Builder idleDelay(Duration idleDelay) {
			this.idleDelay = idleDelay;
			return this;
		}

		public Builder shutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
			return this;
		}

		public Builder backoff(Backoff backoff) {
			this.backoff = backoff;
			return this;
		}

		public Builder onError(ErrorPolicy onError) {
			this.onError = onError;
			return this;
		}

		public Builder maxRestarts(int maxRestarts) {
			this.maxRestarts = maxRestarts;
			return this;
		}

		public Builder restartWindow(Duration restartWindow) {
			this.restartWindow = restartWindow;
			return this;
		}

		public Builder stallAfter(Duration stallAfter) {
			this.stallAfter = stallAfter;
			return this;
		}

		public Builder critical(boolean critical) {
			this.critical = critical;
			return this;
		}

		public Builder failureThreshold(int failureThreshold) {
			this.failureThreshold = failureThreshold;
			return this;
		}

		/**
		 * The settings.
		 * @return the settings
		 * @throws IllegalArgumentException if a setting is out of range, with a message
		 * that names it as its property does
		 */
		public WorkerSettings build() {
			return new WorkerSettings(this.enabled, this.schedule, this.initialDelay, this.idleDelay,
					this.shutdownTimeout, this.backoff, this.onError, this.maxRestarts, this.restartWindow,
					this.stallAfter, this.critical, this.failureThreshold);
		}

	}

}
