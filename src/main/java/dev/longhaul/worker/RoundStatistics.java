package dev.longhaul.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import dev.longhaul.worker.WorkerSnapshot.ErrorInfo;

/**
 * What a worker's rounds have done so far: counts, the last round's times, the last
 * success and the last failure, for its {@link WorkerSnapshot}.
 * <p>
 * Single writer, many readers: only the worker's thread records (each method but the
 * getters), any thread reads. Every field is volatile or atomic, so each value read is
 * current, but two values read one after the other need not come from the same round.
 */
final class RoundStatistics {

	private final AtomicLong rounds = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final AtomicLong skippedTicks = new AtomicLong();

	private volatile int consecutiveFailures;

	private volatile int restarts;

	private volatile boolean roundInProgress;

	private volatile @Nullable Instant lastRoundStart;

	private volatile @Nullable Instant lastRoundEnd;

	private volatile @Nullable Long lastRoundMillis;

	private volatile @Nullable Instant lastSuccess;

	private volatile @Nullable ErrorInfo lastError;

	/** A round started at {@code start}. */
	void roundStarted(Instant start) {
		// The start first: a reader that sees the round in progress (volatile) then
		// also sees its start, never the previous round's, which could look stalled.
		this.lastRoundStart = start;
		this.roundInProgress = true;
	}

	/** The round ended at {@code end} after {@code took}, successful or not. */
	void roundEnded(Instant end, Duration took) {
		this.rounds.incrementAndGet();
		this.lastRoundEnd = end;
		this.lastRoundMillis = took.toMillis();
		this.roundInProgress = false;
	}

	/**
	 * A round succeeded at {@code end}.
	 * @return how many rounds had failed in a row before it
	 */
	int succeeded(Instant end) {
		int failedBefore = this.consecutiveFailures;
		this.consecutiveFailures = 0;
		this.lastSuccess = end;
		return failedBefore;
	}

	/**
	 * A round or the task's set-up failed at {@code at}; only what {@link FailureReasons}
	 * lets every reader see is kept.
	 * @return the attempt: failures in a row, this one included
	 */
	int failed(Throwable failure, Instant at) {
		this.failures.incrementAndGet();
		int attempt = ++this.consecutiveFailures;
		this.lastError = new ErrorInfo(FailureReasons.simpleName(failure),
				FailureReasons.isOwn(failure) ? failure.getMessage() : FailureReasons.category(failure), at);
		return attempt;
	}

	void restarted() {
		this.restarts++;
	}

	void ticksSkipped(long count) {
		this.skippedTicks.addAndGet(count);
	}

	long rounds() {
		return this.rounds.get();
	}

	long failures() {
		return this.failures.get();
	}

	long skippedTicks() {
		return this.skippedTicks.get();
	}

	int consecutiveFailures() {
		return this.consecutiveFailures;
	}

	int restarts() {
		return this.restarts;
	}

	boolean roundInProgress() {
		return this.roundInProgress;
	}

	@Nullable Instant lastRoundStart() {
		return this.lastRoundStart;
	}

	@Nullable Instant lastRoundEnd() {
		return this.lastRoundEnd;
	}

	@Nullable Long lastRoundMillis() {
		return this.lastRoundMillis;
	}

	@Nullable Instant lastSuccess() {
		return this.lastSuccess;
	}

	@Nullable ErrorInfo lastError() {
		return this.lastError;
	}

}
