package dev.longhaul.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.longhaul.config.InstanceId;

/**
 * {@code GET /api/queues}: how many jobs each queue holds in each status (the whole
 * cluster's, from the database), and how many jobs this instance finished per second over
 * the last five minutes. The counts are read at most once per second, however many
 * dashboards poll.
 */
@RestController
class QueueController {

	static final int BUCKET_SECONDS = 5;

	private static final Duration CACHE = Duration.ofSeconds(1);

	private final JobQueries jobs;

	private final JobThroughput throughput;

	private final QueueMetrics metrics;

	private final InstanceId instance;

	private final Clock clock;

	private Instant countedAt = Instant.MIN;

	private List<QueueDepth> depths = List.of();

	QueueController(JobQueries jobs, JobThroughput throughput, QueueMetrics metrics, InstanceId instance, Clock clock) {
		this.jobs = jobs;
		this.throughput = throughput;
		this.metrics = metrics;
		this.instance = instance;
		this.clock = clock;
	}

	@GetMapping("/api/queues")
	Queues queues() {
		return new Queues(depths(),
				new Throughput(this.instance.value(), BUCKET_SECONDS, this.throughput.rates(BUCKET_SECONDS)));
	}

	private synchronized List<QueueDepth> depths() {
		Instant now = this.clock.instant();
		if (Duration.between(this.countedAt, now).compareTo(CACHE) >= 0) {
			Map<String, Map<JobStatus, Long>> counts = new TreeMap<>(this.jobs.countAll());
			this.metrics.queues().forEach((queue) -> counts.putIfAbsent(queue, JobQueries.zeroCounts()));
			List<QueueDepth> depths = new ArrayList<>();
			counts.forEach((queue, byStatus) -> depths.add(new QueueDepth(queue, byStatus)));
			this.depths = List.copyOf(depths);
			this.countedAt = now;
		}
		return this.depths;
	}

	/**
	 * The queues.
	 *
	 * @param queues each queue's depth, by name
	 * @param throughput this instance's recent rates
	 */
	record Queues(List<QueueDepth> queues, Throughput throughput) {
	}

	/**
	 * One queue's jobs by status.
	 *
	 * @param name the queue
	 * @param counts jobs per status, every status present
	 */
	record QueueDepth(String name, Map<JobStatus, Long> counts) {
	}

	/**
	 * Jobs finished per second by the instance answering.
	 *
	 * @param instance its id
	 * @param bucketSeconds seconds each point covers
	 * @param points oldest first, the last five minutes
	 */
	record Throughput(String instance, int bucketSeconds, List<JobThroughput.Point> points) {
	}

}
