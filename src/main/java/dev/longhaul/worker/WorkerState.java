package dev.longhaul.worker;

/**
 * The life of a {@link Worker}: {@code NEW → RUNNING ⇄ PAUSED → STOPPING → STOPPED}, or
 * {@code FAILED}.
 */
public enum WorkerState {

	/** Created, not started yet (or disabled by configuration). */
	NEW,

	/** Started: running rounds, or waiting for the next one. */
	RUNNING,

	/**
	 * Paused by an operator or by the worker itself: the current round finishes, no new
	 * one starts.
	 */
	PAUSED,

	/**
	 * A stop was requested: the current round finishes (or is interrupted at the shutdown
	 * timeout).
	 */
	STOPPING,

	/** Stopped gracefully; can be started again. */
	STOPPED,

	/**
	 * Gave up after an error (policy {@code stop-worker}, {@code stop-application}, spent
	 * restart budget, or an {@link Error}).
	 */
	FAILED;

	boolean isActive() {
		return this == RUNNING || this == PAUSED || this == STOPPING;
	}

}
