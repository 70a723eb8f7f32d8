package dev.longhaul.bench;

import java.util.Arrays;

/**
 * A set of measured latencies, with its percentiles.
 */
final class Latencies {

	private final long[] sortedNanos;

	private Latencies(long[] nanos) {
		this.sortedNanos = nanos.clone();
		Arrays.sort(this.sortedNanos);
	}

	static Latencies ofNanos(long[] nanos) {
		if (nanos.length == 0) {
			throw new IllegalArgumentException("No latencies were measured");
		}
		return new Latencies(nanos);
	}

	int count() {
		return this.sortedNanos.length;
	}

	/**
	 * A percentile by the nearest-rank method.
	 * @param percent from 0 (exclusive) to 100
	 * @return the latency in milliseconds
	 */
	double percentileMillis(double percent) {
		int rank = (int) Math.ceil(percent / 100.0 * this.sortedNanos.length);
		return this.sortedNanos[Math.max(0, Math.min(rank, this.sortedNanos.length) - 1)] / 1_000_000.0;
	}

	/**
	 * The median and 99th percentile, for the table.
	 * @return such as {@code 1.23 / 4.56}
	 */
	String p50p99() {
		return String.format("%.2f / %.2f", percentileMillis(50), percentileMillis(99));
	}

}
