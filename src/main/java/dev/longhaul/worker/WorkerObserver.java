package dev.longhaul.worker;

import java.time.Duration;

/**
 * Receives the events of a worker's life, for metrics; called on the worker's thread, so
 * implementations are quick.
 */
public interface WorkerObserver {

	/** Observes nothing. */
	WorkerObserver NONE = new WorkerObserver() {
	};

	/**
	 * A round ended.
	 * @param worker the worker
	 * @param duration how long the round took
	 * @param failure the exception it threw, or {@code null} on success
	 */
	default void roundEnded(Worker worker, Duration duration, @org.jspecify.annotations.Nullable Throwable failure) {
	}

	/**
	 * The task's set-up ({@link WorkerTask#onStart()}) failed; counted as a failure like
	 * a failed round.
	 * @param worker the worker
	 * @param failure what it threw
	 */
	default void setUpFailed(Worker worker, Throwable failure) {
	}

	/**
	 * Ticks were skipped because the previous tick still ran.
	 * @param worker the worker
	 * @param count how many
	 */
	default void ticksSkipped(Worker worker, long count) {
	}

	/**
	 * The worker's task was torn down and set up again.
	 * @param worker the worker
	 */
	default void restarted(Worker worker) {
	}

}
