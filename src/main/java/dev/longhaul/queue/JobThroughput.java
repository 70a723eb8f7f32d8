package dev.longhaul.queue;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.longhaul.cluster.ThroughputSource;

/**
 * How many jobs this instance finished per second over the last minutes: a ring of
 * per-second counts of successes and failed tries (retried or dead), kept in memory.
 * Counting costs a lock and two array writes per job, so no query scans the jobs table to
 * draw the dashboard's chart. For the whole cluster's chart each instance publishes its
 * recent counts with its heartbeat ({@link #recent()}, see {@link ClusterThroughput}).
 * <p>
 * Thread-safe.
 */
public final class JobThroughput implements ThroughputSource {

	/** How far back the chart reaches. */
	public static final int SECONDS = 300;

	/** Seconds per bucket of the published counts. */
	static final int PUBLISHED_BUCKET_SECONDS = 5;

	/**
	 * How far back the published counts reach: more than the chart, so that the
	 * instances' counts still overlap over a whole chart when their heartbeats are up to
	 * a minute apart.
	 */
	static final int PUBLISHED_SECONDS = 360;

	/** How far back the ring reaches: enough for the published counts' oldest bucket. */
	private static final int RING = 2 * SECONDS;

	private final Clock clock;

	private final long[] slotSecond = new long[RING];

	private final long[] succeeded = new long[RING];

	private final long[] failed = new long[RING];

	public JobThroughput(Clock clock) {
		this.clock = clock;
		Arrays.fill(this.slotSecond, Long.MIN_VALUE);
	}

	/**
	 * Counts a finished try.
	 * @param success whether the job succeeded, rather than failed (to be retried or
	 * dead)
	 */
	public synchronized void record(boolean success) {
		long second = this.clock.instant().getEpochSecond();
		int slot = slot(second);
		if (this.slotSecond[slot] != second) {
			this.slotSecond[slot] = second;
			this.succeeded[slot] = 0;
			this.failed[slot] = 0;
		}
		if (success) {
			this.succeeded[slot]++;
		}
		else {
			this.failed[slot]++;
		}
	}

	/**
	 * The rates of the last {@link #SECONDS} seconds in buckets, oldest first; the
	 * current, unfinished second is left out.
	 * @param bucketSeconds seconds per bucket, dividing {@link #SECONDS}
	 * @return one point per bucket
	 */
	public synchronized List<Point> rates(int bucketSeconds) {
		if (bucketSeconds < 1 || SECONDS % bucketSeconds != 0) {
			throw new IllegalArgumentException("bucketSeconds must divide " + SECONDS + ": " + bucketSeconds);
		}
		long now = this.clock.instant().getEpochSecond();
		long first = now - SECONDS;
		List<Point> points = new ArrayList<>(SECONDS / bucketSeconds);
		for (long start = first; start < now; start += bucketSeconds) {
			long ok = 0;
			long bad = 0;
			for (long second = start; second < start + bucketSeconds; second++) {
				int slot = slot(second);
				if (this.slotSecond[slot] == second) {
					ok += this.succeeded[slot];
					bad += this.failed[slot];
				}
			}
			points.add(
					new Point(Instant.ofEpochSecond(start), (double) ok / bucketSeconds, (double) bad / bucketSeconds));
		}
		return points;
	}

	/**
	 * The counts of the buckets that ended, aligned on multiples of the bucket length
	 * since the epoch (so that every instance's buckets line up), oldest first.
	 * @param bucketSeconds seconds per bucket
	 * @param seconds how far back, a multiple of {@code bucketSeconds} of at most
	 * {@link #PUBLISHED_SECONDS}
	 * @return the counts, ending at the start of the current bucket
	 */
	synchronized BucketCounts counts(int bucketSeconds, int seconds) {
		if (bucketSeconds < 1 || seconds % bucketSeconds != 0 || seconds > PUBLISHED_SECONDS) {
			throw new IllegalArgumentException("seconds (" + seconds + ") must be a multiple of bucketSeconds ("
					+ bucketSeconds + ") up to " + PUBLISHED_SECONDS);
		}
		long now = this.clock.instant().getEpochSecond();
		long end = Math.floorDiv(now, (long) bucketSeconds) * bucketSeconds;
		int buckets = seconds / bucketSeconds;
		long[] ok = new long[buckets];
		long[] bad = new long[buckets];
		long start = end - seconds;
		for (int bucket = 0; bucket < buckets; bucket++) {
			long from = start + (long) bucket * bucketSeconds;
			for (long second = from; second < from + bucketSeconds; second++) {
				int slot = slot(second);
				if (this.slotSecond[slot] == second) {
					ok[bucket] += this.succeeded[slot];
					bad[bucket] += this.failed[slot];
				}
			}
		}
		return new BucketCounts(start, bucketSeconds, ok, bad);
	}

	/**
	 * The counts this instance publishes with its heartbeat: the last
	 * {@value #PUBLISHED_SECONDS} seconds in {@value #PUBLISHED_BUCKET_SECONDS}-second
	 * buckets, encoded ({@link BucketCounts#encode()}).
	 */
	@Override
	public String recent() {
		return counts(PUBLISHED_BUCKET_SECONDS, PUBLISHED_SECONDS).encode();
	}

	private static int slot(long second) {
		return (int) Math.floorMod(second, (long) RING);
	}

	/**
	 * Rates over one bucket.
	 *
	 * @param at the bucket's start
	 * @param succeeded jobs that succeeded, per second
	 * @param failed tries that failed, per second
	 */
	public record Point(Instant at, double succeeded, double failed) {
	}

}
