package dev.longhaul.worker;

import java.time.Clock;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A loop-style worker, like .NET's {@code BackgroundService}: runs rounds until stopped,
 * starts the next round at once while there is more work, and otherwise waits for the
 * idle delay or until {@link #wake() woken} by new work.
 */
public final class LoopWorker extends Worker {

	private final LoopTask task;

	LoopWorker(String name, LoopTask task, WorkerSettings settings, Clock clock, WorkerObserver observer,
			ApplicationTerminator terminator) {
		super(name, settings, clock, observer, terminator);
		this.task = task;
	}

	/**
	 * Tells the worker that new work has arrived: an idle wait ends at once, and a signal
	 * received during a round makes the next round start without waiting. A backoff after
	 * a failure is not cut short, so a burst of new work does not make a failing worker
	 * spin. Cheap and thread-safe.
	 */
	public void wake() {
		signalWork();
	}

	@Override
	String style() {
		return "loop";
	}

	@Override
	String describeSchedule() {
		return "idle delay " + Durations.format(this.settings.idleDelay());
	}

	@Override
	Instant firstRoundAt(Instant now) {
		return now.plus(this.settings.initialDelay());
	}

	@Override
	@Nullable RoundResult runTask(StopToken stopToken) throws Exception {
		return this.task.runRound(stopToken);
	}

	@Override
	void scheduleAfterSuccess(@Nullable RoundResult result, Instant due, Instant end) {
		if (result == RoundResult.MORE_WORK) {
			scheduleAt(end, false);
		}
		else {
			scheduleAt(end.plus(this.settings.idleDelay()), true);
		}
	}

	@Override
	Instant retryAt(Instant due, Instant end, java.time.Duration backoff) {
		return end.plus(backoff);
	}

	@Override
	WorkerTask task() {
		return this.task;
	}

}
