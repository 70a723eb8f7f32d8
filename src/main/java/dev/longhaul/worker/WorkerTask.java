package dev.longhaul.worker;

/**
 * Set-up and tear-down hooks shared by {@link LoopTask} and {@link PeriodicTask}; both
 * run on the worker's thread.
 */
public interface WorkerTask {

	/**
	 * Called on the worker's thread before the first round, and again after each restart
	 * (policy {@code restart}). An exception here is handled like a failed round.
	 * @throws Exception if the task cannot be set up
	 */
	default void onStart() throws Exception {
	}

	/**
	 * Called on the worker's thread after the last round, when the worker stops or before
	 * a restart. Exceptions are logged and ignored.
	 * @throws Exception if tear-down fails
	 */
	default void onStop() throws Exception {
	}

}
