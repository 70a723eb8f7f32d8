package dev.longhaul.queue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job engine's observations without a tracer: which enqueues and runs are observed at
 * all, and how a stored traceparent is read.
 */
class JobObservationsTest {

	private static final String SAMPLED = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	private static final String NOT_SAMPLED = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";

	private final List<String> observed = new CopyOnWriteArrayList<>();

	private final ObservationRegistry registry = ObservationRegistry.create();

	private final JobObservations observations = new JobObservations(this.registry);

	JobObservationsTest() {
		this.registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStart(Observation.Context context) {
				JobObservationsTest.this.observed.add(context.getName());
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
	}

	@Test
	void anEnqueueOutsideAnyObservationIsNotObservedAndStoresNoTraceParent() {
		String stored = this.observations.enqueue("q", "t", 1, (traceParent) -> String.valueOf(traceParent));

		assertThat(stored).isEqualTo("null");
		assertThat(this.observed).isEmpty();
	}

	@Test
	void anEnqueueWithinAnObservationIsObservedAsAChildOfIt() {
		Observation request = Observation.start("http.server.requests", this.registry);
		try (Observation.Scope scope = request.openScope()) {
			this.observations.enqueue("q", "t", 3, (traceParent) -> traceParent);
		}
		request.stop();

		assertThat(this.observed).containsExactly("http.server.requests", "longhaul.jobs.enqueue");
	}

	@Test
	void onlyTheRunOfAJobEnqueuedInASampledTraceIsObserved() {
		assertThat(this.observations.execution(job(SAMPLED), "w").isNoop()).isFalse();
		assertThat(this.observations.execution(job(NOT_SAMPLED), "w").isNoop()).isTrue();
		assertThat(this.observations.execution(job(null), "w").isNoop()).as("no trace waits for it").isTrue();
		assertThat(new JobObservations(ObservationRegistry.NOOP).execution(job(SAMPLED), "w").isNoop()).isTrue();
	}

	@Test
	void aTraceParentTellsItsTraceIdAndWhetherItIsSampled() {
		assertThat(JobObservations.isSampled(SAMPLED)).isTrue();
		assertThat(JobObservations.isSampled(NOT_SAMPLED)).isFalse();
		assertThat(JobObservations.isSampled("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03")).isTrue();
		assertThat(JobObservations.isSampled("garbage")).as("the propagator decides").isTrue();
		assertThat(JobObservations.traceIdOf(NOT_SAMPLED)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(JobObservations.traceIdOf("garbage")).isNull();
	}

	private static Job job(String traceParent) {
		Instant now = Instant.now();
		return new Job(7, "q", "t", "{}", JobStatus.RUNNING, 0, now, 0, 3, "i", "token", now, null, null, null, null,
				null, now, now, now, null, traceParent);
	}

}
