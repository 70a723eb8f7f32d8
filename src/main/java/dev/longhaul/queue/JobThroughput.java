package dev.longhaul.queue;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How many jobs this instance finished per second over the last minutes: a ring of
 * per-second counts of successes and failed tries (retried or dead), kept in memory.
 * Counting costs a lock and two array writes per job, so no query scans the jobs table to
 * draw the dashboard's chart; the price is that each instance sees only its own work.
 * <p>
 * Thread-safe.
 */
public final class JobThroughput {

	/** How far back the ring reaches. */
	public static final int SECONDS = 300;

	private final Clock clock;

	private final long[] slotSecond = new long[SECONDS];

	private final long[] succeeded = new long[SECONDS];

	private final long[] failed = new long[SECONDS];

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

	private static int slot(long second) {
		return (int) Math.floorMod(second, (long) SECONDS);
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
