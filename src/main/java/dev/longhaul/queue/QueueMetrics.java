package dev.longhaul.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Queue gauges: {@code longhaul.queue.jobs} (tags {@code queue}, {@code status}) and
 * {@code longhaul.queue.oldest.age} (seconds the longest-waiting due job has waited). The
 * counts are read at most once per second per queue, however often they are scraped.
 */
public final class QueueMetrics {

	private static final Duration CACHE = Duration.ofSeconds(1);

	private final MeterRegistry registry;

	private final JobQueries jobs;

	private final Clock clock;

	private final Set<String> queues = new ConcurrentSkipListSet<>();

	public QueueMetrics(MeterRegistry registry, JobQueries jobs, Clock clock) {
		this.registry = registry;
		this.jobs = jobs;
		this.clock = clock;
	}

	/**
	 * Publishes the gauges of a queue.
	 * @param queue the queue
	 */
	public void monitor(String queue) {
		this.queues.add(queue);
		Counts counts = new Counts(queue);
		for (JobStatus status : JobStatus.values()) {
			Gauge.builder("longhaul.queue.jobs", counts, (c) -> c.get(status))
				.tag("queue", queue)
				.tag("status", status.tag())
				.description("Jobs in the queue, by status")
				.strongReference(true)
				.register(this.registry);
		}
		Gauge.builder("longhaul.queue.oldest.age", counts, Counts::oldestAgeSeconds)
			.tag("queue", queue)
			.baseUnit("seconds")
			.description("How long the longest-waiting due job has waited; 0 when none waits")
			.strongReference(true)
			.register(this.registry);
	}

	/**
	 * The queues monitored, whether they hold jobs or not.
	 * @return their names, sorted
	 */
	public Set<String> queues() {
		return Collections.unmodifiableSet(this.queues);
	}

	private final class Counts {

		private final String queue;

		private volatile Instant readAt = Instant.MIN;

		private volatile Map<JobStatus, Long> counts = Map.of();

		private volatile double oldestAge;

		Counts(String queue) {
			this.queue = queue;
		}

		double get(JobStatus status) {
			refresh();
			return this.counts.getOrDefault(status, 0L);
		}

		double oldestAgeSeconds() {
			refresh();
			return this.oldestAge;
		}

		private synchronized void refresh() {
			Instant now = QueueMetrics.this.clock.instant();
			if (Duration.between(this.readAt, now).compareTo(CACHE) < 0) {
				return;
			}
			try {
				this.counts = QueueMetrics.this.jobs.countByStatus(this.queue);
				this.oldestAge = QueueMetrics.this.jobs.oldestDue(this.queue)
					.map((due) -> Duration.between(due, now).toMillis() / 1000.0)
					.orElse(0.0);
				this.readAt = now;
			}
			catch (RuntimeException ex) {
				this.counts = Map.of();
				this.oldestAge = Double.NaN;
			}
		}

	}

}
