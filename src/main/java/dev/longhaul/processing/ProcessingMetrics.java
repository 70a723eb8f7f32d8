package dev.longhaul.processing;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Processing metrics: {@code longhaul.processing.rows} and
 * {@code longhaul.processing.bytes} (counters), {@code longhaul.processing.chunk} (timer
 * of one chunk), {@code longhaul.processing.jobs} (counter, tag {@code outcome}:
 * succeeded, failed, cancelled).
 */
final class ProcessingMetrics {

	private final MeterRegistry registry;

	private final Counter rows;

	private final Counter bytes;

	private final Timer chunk;

	ProcessingMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.rows = Counter.builder("longhaul.processing.rows").description("CSV rows processed").register(registry);
		this.bytes = Counter.builder("longhaul.processing.bytes")
			.baseUnit("bytes")
			.description("CSV bytes processed")
			.register(registry);
		this.chunk = Timer.builder("longhaul.processing.chunk")
			.description("Time to process one chunk of a dataset")
			.register(registry);
		for (String outcome : new String[] { "succeeded", "failed", "cancelled" }) {
			jobs(outcome);
		}
	}

	void chunk(long rows, long bytes, Duration took) {
		this.rows.increment(rows);
		this.bytes.increment(bytes);
		this.chunk.record(took);
	}

	void job(String outcome) {
		jobs(outcome).increment();
	}

	private Counter jobs(String outcome) {
		return Counter.builder("longhaul.processing.jobs")
			.tag("outcome", outcome)
			.description("Dataset jobs that ended, by outcome")
			.register(this.registry);
	}

}
