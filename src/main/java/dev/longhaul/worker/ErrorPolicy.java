package dev.longhaul.worker;

/**
 * What a worker does after a round throws an exception (configured as
 * {@code longhaul.workers.<name>.on-error}). Whatever the policy, the failure is logged,
 * counted and followed by a backoff; an {@link Error} always marks the worker
 * {@link WorkerState#FAILED}.
 */
public enum ErrorPolicy {

	/** Back off and run the next round (the default). */
	CONTINUE,

	/**
	 * Tear the task down ({@link WorkerTask#onStop()}), back off, set it up again
	 * ({@link WorkerTask#onStart()}), within a crash-loop budget ({@code max-restarts} in
	 * {@code restart-window}); past the budget the worker is {@link WorkerState#FAILED}.
	 */
	RESTART,

	/**
	 * Mark the worker {@link WorkerState#FAILED} and run no more rounds; the application
	 * lives on.
	 */
	STOP_WORKER,

	/**
	 * Mark the worker {@link WorkerState#FAILED}, close the application context and exit
	 * the JVM with a non-zero code.
	 */
	STOP_APPLICATION

}
