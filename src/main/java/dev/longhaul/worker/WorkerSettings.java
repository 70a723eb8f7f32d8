package dev.longhaul.worker;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The resolved settings of one worker: the code's defaults with
 * {@code longhaul.workers.<name>.*} laid over them.
 *
 * @param enabled whether the worker starts with the application context
 * @param schedule when a timer worker ticks ({@code null} for loop workers)
 * @param initialDelay wait before the first round
 * @param idleDelay how long a loop worker waits after an idle round, unless woken
 * @param shutdownTimeout how long a stop waits for the current round before interrupting
 * it
 * @param backoff delay after failed rounds
 * @param onError what to do after a failed round
 * @param maxRestarts restarts allowed within {@code restartWindow} (policy
 * {@code restart})
 * @param restartWindow the sliding window of the restart budget
 * @param stallAfter a round running longer than this marks the worker stalled (health
 * DOWN)
 * @param critical whether a FAILED or stalled worker takes the liveness probe down
 * @param failureThreshold consecutive failures from which health reports DOWN
 */
public record WorkerSettings(boolean enabled, @Nullable Schedule schedule, Duration initialDelay, Duration idleDelay,
		Duration shutdownTimeout, Backoff backoff, ErrorPolicy onError, int maxRestarts, Duration restartWindow,
		Duration stallAfter, boolean critical, int failureThreshold) {

	/** The defaults every worker starts from. */
	public static final WorkerSettings DEFAULTS = new WorkerSettings(true, null, Duration.ZERO, Duration.ofSeconds(5),
			Duration.ofSeconds(20), Backoff.DEFAULT, ErrorPolicy.CONTINUE, 5, Duration.ofMinutes(10),
			Duration.ofMinutes(10), false, 3);

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
		return DEFAULTS.withSchedule(schedule);
	}

	/**
	 * Defaults for a loop worker with the given idle delay.
	 * @param idleDelay how long to wait after an idle round
	 * @return the settings
	 */
	public static WorkerSettings loop(Duration idleDelay) {
		return DEFAULTS.withIdleDelay(idleDelay);
	}

	public WorkerSettings withEnabled(boolean enabled) {
		return new WorkerSettings(enabled, this.schedule, this.initialDelay, this.idleDelay, this.shutdownTimeout,
				this.backoff, this.onError, this.maxRestarts, this.restartWindow, this.stallAfter, this.critical,
				this.failureThreshold);
	}

	public WorkerSettings withSchedule(@Nullable Schedule schedule) {
		return new WorkerSettings(this.enabled, schedule, this.initialDelay, this.idleDelay, this.shutdownTimeout,
				this.backoff, this.onError, this.maxRestarts, this.restartWindow, this.stallAfter, this.critical,
				this.failureThreshold);
	}

	public WorkerSettings withInitialDelay(Duration initialDelay) {
		return new WorkerSettings(this.enabled, this.schedule, initialDelay, this.idleDelay, this.shutdownTimeout,
				this.backoff, this.onError, this.maxRestarts, this.restartWindow, this.stallAfter, this.critical,
				this.failureThreshold);
	}

	public WorkerSettings withIdleDelay(Duration idleDelay) {
		return new WorkerSettings(this.enabled, this.schedule, this.initialDelay, idleDelay, this.shutdownTimeout,
				this.backoff, this.onError, this.maxRestarts, this.restartWindow, this.stallAfter, this.critical,
				this.failureThreshold);
	}

	public WorkerSettings withShutdownTimeout(Duration shutdownTimeout) {
		return new WorkerSettings(this.enabled, this.schedule, this.initialDelay, this.idleDelay, shutdownTimeout,
				this.backoff, this.onError, this.maxRestarts, this.restartWindow, this.stallAfter, this.critical,
				this.failureThreshold);
	}

	public WorkerSettings withBackoff(Backoff backoff) {
		return new WorkerSettings(this.enabled, this.schedule, this.initialDelay, this.idleDelay, this.shutdownTimeout,
				backoff, this.onError, this.maxRestarts, this.restartWindow, this.stallAfter, this.critical,
				this.failureThreshold);
	}

	public WorkerSettings withOnError(ErrorPolicy onError) {
		return new WorkerSettings(this.enabled, this.schedule, this.initialDelay, this.idleDelay, this.shutdownTimeout,
				this.backoff, onError, this.maxRestarts, this.restartWindow, this.stallAfter, this.critical,
				this.failureThreshold);
	}

	public WorkerSettings withRestartBudget(int maxRestarts, Duration restartWindow) {
		return new WorkerSettings(this.enabled, this.schedule, this.initialDelay, this.idleDelay, this.shutdownTimeout,
				this.backoff, this.onError, maxRestarts, restartWindow, this.stallAfter, this.critical,
				this.failureThreshold);
	}

	public WorkerSettings withStallAfter(Duration stallAfter) {
		return new WorkerSettings(this.enabled, this.schedule, this.initialDelay, this.idleDelay, this.shutdownTimeout,
				this.backoff, this.onError, this.maxRestarts, this.restartWindow, stallAfter, this.critical,
				this.failureThreshold);
	}

	public WorkerSettings withCritical(boolean critical) {
		return new WorkerSettings(this.enabled, this.schedule, this.initialDelay, this.idleDelay, this.shutdownTimeout,
				this.backoff, this.onError, this.maxRestarts, this.restartWindow, this.stallAfter, critical,
				this.failureThreshold);
	}

	public WorkerSettings withFailureThreshold(int failureThreshold) {
		return new WorkerSettings(this.enabled, this.schedule, this.initialDelay, this.idleDelay, this.shutdownTimeout,
				this.backoff, this.onError, this.maxRestarts, this.restartWindow, this.stallAfter, this.critical,
				failureThreshold);
	}

}
