package dev.longhaul.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.longhaul.cluster.ClusterMembership;
import dev.longhaul.config.InstanceId;

/**
 * The whole cluster's jobs per second: the sum of the counts every live instance
 * published with its last heartbeat ({@link JobThroughput#recent()}), this instance's own
 * taken from memory. The sum covers the buckets every instance's counts cover, so it ends
 * where the oldest heartbeat's counts end (up to a heartbeat interval ago); an instance
 * whose heartbeat is older than the instance timeout drops out. One read of the live
 * {@code instances} rows, at most once per second however many dashboards ask; the jobs
 * table is never read.
 * <p>
 * Thread-safe.
 */
final class ClusterThroughput {

	private static final Duration CACHE = Duration.ofSeconds(1);

	private final JobThroughput own;

	private final ClusterMembership membership;

	private final InstanceId instance;

	private final Clock clock;

	private Instant summedAt = Instant.MIN;

	private Sum sum = new Sum(List.of(), Instant.EPOCH, List.of());

	ClusterThroughput(JobThroughput own, ClusterMembership membership, InstanceId instance, Clock clock) {
		this.own = own;
		this.membership = membership;
		this.instance = instance;
		this.clock = clock;
	}

	/**
	 * The cluster's rates over the last {@link JobThroughput#SECONDS} seconds that every
	 * live instance has published.
	 * @return the sum, read again at most once per second
	 * @throws org.springframework.dao.DataAccessException if the database cannot be
	 * reached
	 */
	synchronized Sum current() {
		Instant now = this.clock.instant();
		if (Duration.between(this.summedAt, now).compareTo(CACHE) >= 0) {
			this.sum = sum(this.membership.throughputs());
			this.summedAt = now;
		}
		return this.sum;
	}

	private Sum sum(Map<String, String> published) {
		int bucketSeconds = JobThroughput.PUBLISHED_BUCKET_SECONDS;
		Map<String, BucketCounts> counts = new TreeMap<>();
		published.forEach((id, text) -> BucketCounts.decode(text)
			.filter((decoded) -> decoded.bucketSeconds() == bucketSeconds)
			.ifPresent((decoded) -> counts.put(id, decoded)));
		counts.put(this.instance.value(), this.own.counts(bucketSeconds, JobThroughput.PUBLISHED_SECONDS));
		long end = counts.values().stream().mapToLong(BucketCounts::end).min().orElseThrow();
		long start = Math.max(end - JobThroughput.SECONDS,
				counts.values().stream().mapToLong(BucketCounts::start).max().orElseThrow());
		List<JobThroughput.Point> points = new ArrayList<>();
		for (long bucket = start; bucket + bucketSeconds <= end; bucket += bucketSeconds) {
			long succeeded = 0;
			long failed = 0;
			for (BucketCounts instance : counts.values()) {
				succeeded += instance.succeededAt(bucket);
				failed += instance.failedAt(bucket);
			}
			points.add(new JobThroughput.Point(Instant.ofEpochSecond(bucket), (double) succeeded / bucketSeconds,
					(double) failed / bucketSeconds));
		}
		return new Sum(List.copyOf(counts.keySet()), Instant.ofEpochSecond(end), List.copyOf(points));
	}

	/**
	 * The cluster's rates.
	 *
	 * @param instances the instances summed, by id
	 * @param until when the last point ends
	 * @param points oldest first
	 */
	record Sum(List<String> instances, Instant until, List<JobThroughput.Point> points) {
	}

}
