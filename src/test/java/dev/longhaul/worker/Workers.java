package dev.longhaul.worker;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Builds workers for runtime tests, and stops every worker a test made.
 */
final class Workers implements AutoCloseable {

	static final Backoff FAST_BACKOFF = new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), 2.0, 0.0);

	final List<String> terminations = new CopyOnWriteArrayList<>();

	private final List<Worker> made = new ArrayList<>();

	private Clock clock = Clock.systemUTC();

	private WorkerObserver observer = WorkerObserver.NONE;

	Workers clock(Clock clock) {
		this.clock = clock;
		return this;
	}

	Workers observer(WorkerObserver observer) {
		this.observer = observer;
		return this;
	}

	static WorkerSettings loopSettings() {
		return WorkerSettings.builder().idleDelay(Duration.ofHours(1)).backoff(FAST_BACKOFF).build();
	}

	LoopWorker loop(WorkerSettings settings, LoopTask task) {
		LoopWorker worker = new LoopWorker("test-loop", task, settings, this.clock, this.observer,
				this.terminations::add);
		this.made.add(worker);
		return worker;
	}

	TimerWorker timer(WorkerSettings settings, PeriodicTask task) {
		TimerWorker worker = new TimerWorker("test-timer", task, settings, this.clock, this.observer,
				this.terminations::add);
		this.made.add(worker);
		return worker;
	}

	@Override
	public void close() {
		this.made.forEach(Worker::stop);
	}

}
