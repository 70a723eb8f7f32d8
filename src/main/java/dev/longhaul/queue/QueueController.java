package dev.longhaul.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.longhaul.config.InstanceId;
import dev.longhaul.web.InvalidRequestException;

/**
 * {@code GET /api/queues}: how many jobs each queue holds in each status (the whole
 * cluster's, from the database), and how many jobs this instance
 * ({@code ?throughput=instance}, the default) or the whole cluster
 * ({@code ?throughput=cluster}) finished per second over the last five minutes. The
 * counts and the cluster's rates are each read at most once per second, however many
 * dashboards poll.
 */
@RestController
class QueueController {

	static final int BUCKET_SECONDS = 5;

	private static final String INSTANCE = "instance";

	private static final String CLUSTER = "cluster";

	private static final Duration CACHE = Duration.ofSeconds(1);

	private final JobQueries jobs;

	private final JobThroughput throughput;

	private final ClusterThroughput clusterThroughput;

	private final QueueMetrics metrics;

	private final InstanceId instance;

	private final Clock clock;

	private Instant countedAt = Instant.MIN;

	private List<QueueDepth> depths = List.of();

	QueueController(JobQueries jobs, JobThroughput throughput, ClusterThroughput clusterThroughput,
			QueueMetrics metrics, InstanceId instance, Clock clock) {
		this.jobs = jobs;
		this.throughput = throughput;
		this.clusterThroughput = clusterThroughput;
		this.metrics = metrics;
		this.instance = instance;
		this.clock = clock;
	}

	@GetMapping("/api/queues")
	Queues queues(@RequestParam(defaultValue = INSTANCE) String throughput) {
		if (!throughput.equals(INSTANCE) && !throughput.equals(CLUSTER)) {
			throw new InvalidRequestException("throughput", "must be " + INSTANCE + " or " + CLUSTER);
		}
		Throughput rates = throughput.equals(CLUSTER) ? clusterRates() : instanceRates();
		return new Queues(depths(), rates);
	}

	private Throughput instanceRates() {
		Instant now = this.clock.instant();
		return new Throughput(INSTANCE, this.instance.value(), List.of(this.instance.value()), BUCKET_SECONDS,
				now.truncatedTo(ChronoUnit.SECONDS), now, this.throughput.rates(BUCKET_SECONDS));
	}

	private Throughput clusterRates() {
		ClusterThroughput.Sum sum = this.clusterThroughput.current();
		return new Throughput(CLUSTER, this.instance.value(), sum.instances(), JobThroughput.PUBLISHED_BUCKET_SECONDS,
				sum.until(), this.clock.instant(), sum.points());
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
	 * @param throughput this instance's or the cluster's recent rates
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
	 * Jobs finished per second by the instance answering or by the whole cluster.
	 *
	 * @param scope {@code instance} or {@code cluster}
	 * @param instance the id of the instance answering
	 * @param instances the ids of the instances summed (the live ones that published
	 * counts, and the one answering)
	 * @param bucketSeconds seconds each point covers
	 * @param until when the last point ends: for the cluster, where the oldest
	 * heartbeat's counts end (up to a heartbeat interval before {@code asOf})
	 * @param asOf when the answer was made
	 * @param points oldest first, the last five minutes (for the cluster: those every
	 * instance has published)
	 */
	record Throughput(String scope, String instance, List<String> instances, int bucketSeconds, Instant until,
			Instant asOf, List<JobThroughput.Point> points) {
	}

}
