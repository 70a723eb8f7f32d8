package dev.longhaul.worker;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Worker metrics: {@code longhaul.worker.rounds} (timer, tags {@code worker},
 * {@code outcome}: a {@link RoundOutcome}), {@code longhaul.worker.failures},
 * {@code longhaul.worker.ticks.skipped} and {@code longhaul.worker.restarts} (counters),
 * {@code longhaul.worker.state} (gauge, 1 for the current {@code state} tag, 0 for the
 * others) and {@code longhaul.worker.last.success.age} (gauge, seconds; NaN before the
 * first success).
 */
final class WorkerMetrics implements WorkerObserver, WorkerRegistry.WorkerObserverBinder {

	private final MeterRegistry registry;

	WorkerMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void bind(Worker worker) {
		for (WorkerState state : WorkerState.values()) {
			Gauge.builder("longhaul.worker.state", worker, (w) -> (w.state() == state) ? 1 : 0)
				.tag("worker", worker.name())
				.tag("state", state.name().toLowerCase())
				.description("1 for the worker's current state, 0 for the others")
				.register(this.registry);
		}
		Gauge.builder("longhaul.worker.last.success.age", worker, this::secondsSinceLastSuccess)
			.tag("worker", worker.name())
			.baseUnit("seconds")
			.description("Time since the worker's last successful round")
			.register(this.registry);
		for (RoundOutcome outcome : RoundOutcome.values()) {
			roundTimer(worker, outcome);
		}
		counter("longhaul.worker.failures", worker, "Rounds (and task set-ups) that threw");
		counter("longhaul.worker.ticks.skipped", worker, "Timer ticks skipped because the previous one still ran");
		counter("longhaul.worker.restarts", worker, "Restarts under on-error=restart");
	}

	private double secondsSinceLastSuccess(Worker worker) {
		Instant last = worker.snapshot().lastSuccess();
		return (last != null) ? Duration.between(last, worker.clock.instant()).toMillis() / 1000.0 : Double.NaN;
	}

	@Override
	public void roundEnded(Worker worker, Duration duration, @Nullable Throwable failure) {
		roundTimer(worker, RoundOutcome.of(failure)).record(duration);
		if (failure != null) {
			counter("longhaul.worker.failures", worker, "Rounds (and task set-ups) that threw").increment();
		}
	}

	@Override
	public void setUpFailed(Worker worker, Throwable failure) {
		counter("longhaul.worker.failures", worker, "Rounds (and task set-ups) that threw").increment();
	}

	@Override
	public void ticksSkipped(Worker worker, long count) {
		counter("longhaul.worker.ticks.skipped", worker, "Timer ticks skipped because the previous one still ran")
			.increment(count);
	}

	@Override
	public void restarted(Worker worker) {
		counter("longhaul.worker.restarts", worker, "Restarts under on-error=restart").increment();
	}

	private Timer roundTimer(Worker worker, RoundOutcome outcome) {
		return Timer.builder("longhaul.worker.rounds")
			.tag("worker", worker.name())
			.tag("outcome", outcome.tag())
			.description("Rounds run, by outcome")
			.register(this.registry);
	}

	private Counter counter(String name, Worker worker, String description) {
		return Counter.builder(name).tag("worker", worker.name()).description(description).register(this.registry);
	}

}
