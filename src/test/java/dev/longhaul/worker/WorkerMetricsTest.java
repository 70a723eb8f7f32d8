package dev.longhaul.worker;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Worker metrics: {@code longhaul.worker.rounds} by {@code outcome}, whose values come
 * from {@link RoundOutcome} and are those dashboards and the README name.
 */
class WorkerMetricsTest {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final WorkerMetrics metrics = new WorkerMetrics(this.registry);

	private final Workers workers = new Workers();

	@Test
	void roundOutcomeTagsAreSuccessAndFailure() {
		assertThat(RoundOutcome.values()).extracting(RoundOutcome::tag).containsExactly("success", "failure");
		assertThat(RoundOutcome.of(null)).isEqualTo(RoundOutcome.SUCCESS);
		assertThat(RoundOutcome.of(new IllegalStateException("boom"))).isEqualTo(RoundOutcome.FAILURE);
	}

	@Test
	void roundsAreTimedByOutcomeFromTheMomentTheWorkerIsBound() {
		LoopWorker worker = this.workers.loop(Workers.loopSettings(), (stop) -> RoundResult.IDLE);

		this.metrics.bind(worker);

		assertThat(rounds("success")).isZero();
		assertThat(rounds("failure")).isZero();

		this.metrics.roundEnded(worker, Duration.ofMillis(5), null);
		this.metrics.roundEnded(worker, Duration.ofMillis(5), null);
		this.metrics.roundEnded(worker, Duration.ofMillis(5), new IllegalStateException("boom"));

		assertThat(rounds("success")).isEqualTo(2);
		assertThat(rounds("failure")).isEqualTo(1);
		assertThat(this.registry.get("longhaul.worker.failures").tag("worker", "test-loop").counter().count())
			.isEqualTo(1);
	}

	private long rounds(String outcome) {
		return this.registry.get("longhaul.worker.rounds")
			.tag("worker", "test-loop")
			.tag("outcome", outcome)
			.timer()
			.count();
	}

}
