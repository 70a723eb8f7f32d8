package dev.longhaul.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A timer-style worker: ticks on a {@link Schedule} (fixed rate, fixed delay or cron). A
 * tick never overlaps the previous one; tick times that pass while a tick runs are
 * skipped and counted, not queued up.
 */
public final class TimerWorker extends Worker {

	private final PeriodicTask task;

	private final Schedule schedule;

	TimerWorker(String name, PeriodicTask task, WorkerSettings settings, Clock clock, WorkerObserver observer,
			ApplicationTerminator terminator) {
		super(name, settings, clock, observer, terminator);
		Assert.notNull(settings.schedule(), () -> "Timer worker '" + name + "' needs a schedule");
		this.task = task;
		this.schedule = settings.schedule();
	}

	@Override
	String style() {
		return "timer";
	}

	@Override
	String describeSchedule() {
		return this.schedule.toString();
	}

	@Override
	Instant firstRoundAt(Instant now) {
		return this.schedule.first(now, this.settings.initialDelay());
	}

	@Override
	@Nullable RoundResult runTask(StopToken stopToken) throws Exception {
		this.task.tick(stopToken);
		return null;
	}

	@Override
	void scheduleAfterSuccess(@Nullable RoundResult result, Instant due, Instant end) {
		scheduleAt(nextAfter(due, end), false);
	}

	@Override
	Instant retryAt(Instant due, Instant end, Duration backoff) {
		Instant regular = nextAfter(due, end);
		Instant retry = end.plus(backoff);
		return retry.isAfter(regular) ? retry : regular;
	}

	/**
	 * The next tick time; a triggered tick that ended before its scheduled time keeps
	 * that time.
	 */
	private Instant nextAfter(Instant due, Instant end) {
		if (end.isBefore(due)) {
			return due;
		}
		Schedule.Next next = this.schedule.next(due, end);
		countSkippedTicks(next.skipped());
		return next.at();
	}

	@Override
	WorkerTask task() {
		return this.task;
	}

}
