package dev.longhaul.processing;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Processing metrics: {@code longhaul.processing.rows} and
 * {@code longhaul.processing.bytes} (counters), {@code longhaul.processing.chunk} (timer
 * of one chunk). How dataset jobs ended is the engine's {@code longhaul.jobs.ended} (tag
 * {@code type=dataset}).
 */
final class ProcessingMetrics {

	private final Counter rows;

	private final Counter bytes;

	private final Timer chunk;

	ProcessingMetrics(MeterRegistry registry) {
		this.rows = Counter.builder("longhaul.processing.rows").description("CSV rows processed").register(registry);
		this.bytes = Counter.builder("longhaul.processing.bytes")
			.baseUnit("bytes")
			.description("CSV bytes processed")
			.register(registry);
		this.chunk = Timer.builder("longhaul.processing.chunk")
			.description("Time to process one chunk of a dataset")
			.register(registry);
	}

	void chunk(long rows, long bytes, Duration took) {
		this.rows.increment(rows);
		this.bytes.increment(bytes);
		this.chunk.record(took);
	}

}
