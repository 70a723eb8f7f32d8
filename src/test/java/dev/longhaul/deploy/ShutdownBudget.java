package dev.longhaul.deploy;

import java.time.Duration;
import java.util.Collection;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import dev.longhaul.queue.QueueProperties;
import dev.longhaul.worker.Worker;

/**
 * How long a graceful shutdown may take at most, the way README's "Shutdown timeline"
 * lays it out: the web server drains requests for up to
 * {@code spring.lifecycle.timeout-per-shutdown-phase}; the workers stop concurrently, so
 * their phase lasts as long as the slowest: its {@code shutdown-timeout} plus the 1s
 * interrupt grace (never more than the phase timeout, after which Spring goes on); the
 * job completer then tries for {@code longhaul.queue.completion.stop-timeout} to write
 * what is left. Leaving the cluster and closing the pool take milliseconds with the
 * database up, and are left to the platform's margin.
 *
 * @param webDrain the web server's graceful phase
 * @param workers the workers' phase
 * @param acknowledgements the completer's phase
 */
record ShutdownBudget(Duration webDrain, Duration workers, Duration acknowledgements) {

	static ShutdownBudget of(Environment environment, Collection<Worker> workers, QueueProperties queue) {
		Duration phase = Binder.get(environment)
			.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
			.orElse(Duration.ofSeconds(30));
		Duration slowestWorker = workers.stream()
			.map((worker) -> worker.settings().shutdownTimeout().plus(Worker.INTERRUPT_GRACE))
			.max(Duration::compareTo)
			.orElse(Duration.ZERO);
		return new ShutdownBudget(phase, min(slowestWorker, phase), min(queue.completion().stopTimeout(), phase));
	}

	Duration total() {
		return this.webDrain.plus(this.workers).plus(this.acknowledgements);
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
