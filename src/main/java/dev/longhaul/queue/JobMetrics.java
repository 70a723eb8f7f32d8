package dev.longhaul.queue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Job engine metrics: the {@code longhaul.jobs.runs} timer (tags {@code queue},
 * {@code type}, {@code outcome}: one sample per run or step of a job), the
 * {@code longhaul.jobs.ended} counter (tags {@code queue}, {@code type}, {@code status}:
 * succeeded, dead, cancelled; counted once written), and the gauges
 * {@code longhaul.jobs.held} (tag {@code queue}: jobs an executor holds, running or
 * waiting for a thread or for their acknowledgement) and
 * {@code longhaul.jobs.acknowledgements.pending} (acknowledgements waiting to be
 * written).
 */
final class JobMetrics {

	private final MeterRegistry registry;

	private final Map<String, Timer> runs = new ConcurrentHashMap<>();

	private final Map<String, Counter> ended = new ConcurrentHashMap<>();

	JobMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void run(String queue, String type, JobOutcome.Kind outcome, Duration took) {
		String key = queue + '\u0000' + type + '\u0000' + outcome;
		this.runs
			.computeIfAbsent(key,
					(ignored) -> Timer.builder("longhaul.jobs.runs")
						.tag("queue", queue)
						.tag("type", type)
						.tag("outcome", outcome.tag())
						.description("Runs of jobs (steps of multi-step jobs), by outcome")
						.register(this.registry))
			.record(took);
	}

	void ended(String queue, String type, JobStatus status) {
		String key = queue + '\u0000' + type + '\u0000' + status;
		this.ended
			.computeIfAbsent(key,
					(ignored) -> Counter.builder("longhaul.jobs.ended")
						.tag("queue", queue)
						.tag("type", type)
						.tag("status", status.tag())
						.description("Jobs that ended: succeeded, dead or cancelled")
						.register(this.registry))
			.increment();
	}

	<T> void held(String queue, T executor, ToDoubleFunction<T> held) {
		Gauge.builder("longhaul.jobs.held", executor, held)
			.tag("queue", queue)
			.description("Jobs an executor holds: running, waiting for a thread or for their acknowledgement")
			.strongReference(true)
			.register(this.registry);
	}

	<T> void pendingAcknowledgements(T completer, ToDoubleFunction<T> pending) {
		Gauge.builder("longhaul.jobs.acknowledgements.pending", completer, pending)
			.description("Acknowledgements of finished runs waiting to be written")
			.strongReference(true)
			.register(this.registry);
	}

}
