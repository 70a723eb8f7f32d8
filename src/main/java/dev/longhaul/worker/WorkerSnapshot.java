package dev.longhaul.worker;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A point-in-time view of a worker, for the {@code workers} endpoint, health and the
 * dashboard.
 *
 * @param name the worker's name
 * @param style {@code loop} or {@code timer}
 * @param state its state
 * @param enabled whether configuration enables it
 * @param critical whether it may take liveness down
 * @param schedule its schedule, or its idle delay for loop workers
 * @param pauseReason why it is paused, when it is
 * @param pausedOnError whether it paused itself after a failure that retries cannot fix
 * (health DOWN), rather than being paused by an operator
 * @param rounds rounds run, successful or not
 * @param failures rounds that failed
 * @param consecutiveFailures failures since the last success
 * @param skippedTicks timer ticks skipped because the previous tick still ran
 * @param restarts restarts under the {@code restart} policy
 * @param roundInProgress whether a round is running now
 * @param stalled whether the running round has outlived {@code stall-after}
 * @param lastRoundStart when the last (or current) round started
 * @param lastRoundEnd when the last round ended
 * @param lastRoundMillis how long the last round took
 * @param lastSuccess when a round last succeeded
 * @param lastError the last failure
 * @param nextRun when the next round is due, when one is scheduled
 */
public record WorkerSnapshot(String name, String style, WorkerState state, boolean enabled, boolean critical,
		String schedule, @Nullable String pauseReason, boolean pausedOnError, long rounds, long failures,
		int consecutiveFailures, long skippedTicks, int restarts, boolean roundInProgress, boolean stalled,
		@Nullable Instant lastRoundStart, @Nullable Instant lastRoundEnd, @Nullable Long lastRoundMillis,
		@Nullable Instant lastSuccess, @Nullable ErrorInfo lastError, @Nullable Instant nextRun) {

	/**
	 * A round's failure, as every reader of the snapshot may see it (viewers included):
	 * never a foreign exception's message, which may hold SQL or file paths; the log has
	 * the whole exception (see {@link FailureReasons}).
	 *
	 * @param type the exception's class name without its package
	 * @param message its message if it is one of Longhaul's own exceptions, else its
	 * category, such as {@code database unavailable}
	 * @param at when it happened
	 */
	public record ErrorInfo(String type, @Nullable String message, Instant at) {
	}

}
