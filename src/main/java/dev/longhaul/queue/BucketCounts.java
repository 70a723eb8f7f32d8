package dev.longhaul.queue;

import java.util.Optional;

/**
 * Jobs finished per bucket of time by one instance, as it publishes them with its
 * heartbeat: successes and failed tries in equal buckets from {@code start} on, oldest
 * first. Encoded as
 * {@code 1;<bucketSeconds>;<start epoch second>;<succeeded>:<failed>,...} with an empty
 * pair for a bucket without jobs (an idle instance publishes little more than commas);
 * the published {@link JobThroughput#PUBLISHED_SECONDS} seconds take at most
 * {@link #MAX_ENCODED_LENGTH} characters, whatever the counts.
 *
 * @param start the first bucket's start, in epoch seconds
 * @param bucketSeconds seconds per bucket
 * @param succeeded jobs that succeeded, per bucket
 * @param failed tries that failed, per bucket
 */
record BucketCounts(long start, int bucketSeconds, long[] succeeded, long[] failed) {

	/** The longest text of {@link JobThroughput#PUBLISHED_SECONDS} seconds of buckets. */
	static final int MAX_ENCODED_LENGTH = (2 + 11 + 21)
			+ (JobThroughput.PUBLISHED_SECONDS / JobThroughput.PUBLISHED_BUCKET_SECONDS) * (19 + 1 + 19 + 1);

	private static final int MAX_BUCKETS = 1000;

	BucketCounts {
		if (bucketSeconds < 1 || succeeded.length != failed.length) {
			throw new IllegalArgumentException("bucketSeconds must be positive and both arrays equally long");
		}
	}

	/**
	 * When the last bucket ends.
	 * @return its end, in epoch seconds (exclusive)
	 */
	long end() {
		return this.start + (long) this.succeeded.length * this.bucketSeconds;
	}

	/**
	 * The successes of the bucket that starts at the given second.
	 * @param bucketStart a bucket's start, in epoch seconds
	 * @return its count, 0 outside these buckets or off their grid
	 */
	long succeededAt(long bucketStart) {
		int index = index(bucketStart);
		return (index < 0) ? 0 : this.succeeded[index];
	}

	/**
	 * The failed tries of the bucket that starts at the given second.
	 * @param bucketStart a bucket's start, in epoch seconds
	 * @return its count, 0 outside these buckets or off their grid
	 */
	long failedAt(long bucketStart) {
		int index = index(bucketStart);
		return (index < 0) ? 0 : this.failed[index];
	}

	private int index(long bucketStart) {
		long offset = bucketStart - this.start;
		if (offset < 0 || bucketStart >= end() || offset % this.bucketSeconds != 0) {
			return -1;
		}
		return (int) (offset / this.bucketSeconds);
	}

	/**
	 * The counts as a short text.
	 * @return the text {@link #decode} reads
	 */
	String encode() {
		StringBuilder text = new StringBuilder(16 + 4 * this.succeeded.length);
		text.append("1;").append(this.bucketSeconds).append(';').append(this.start).append(';');
		for (int i = 0; i < this.succeeded.length; i++) {
			if (i > 0) {
				text.append(',');
			}
			if (this.succeeded[i] != 0 || this.failed[i] != 0) {
				text.append(this.succeeded[i]).append(':').append(this.failed[i]);
			}
		}
		return text.toString();
	}

	/**
	 * Reads counts an instance published.
	 * @param text the published text
	 * @return the counts, or empty if the text is not of this format (another version's)
	 */
	static Optional<BucketCounts> decode(String text) {
		String[] parts = text.split(";", -1);
		if (parts.length != 4 || !parts[0].equals("1")) {
			return Optional.empty();
		}
		try {
			int bucketSeconds = Integer.parseInt(parts[1]);
			long start = Long.parseLong(parts[2]);
			String[] pairs = parts[3].split(",", -1);
			if (bucketSeconds < 1 || pairs.length > MAX_BUCKETS) {
				return Optional.empty();
			}
			long[] succeeded = new long[pairs.length];
			long[] failed = new long[pairs.length];
			for (int i = 0; i < pairs.length; i++) {
				if (pairs[i].isEmpty()) {
					continue;
				}
				int colon = pairs[i].indexOf(':');
				succeeded[i] = Long.parseLong(pairs[i].substring(0, colon));
				failed[i] = Long.parseLong(pairs[i].substring(colon + 1));
				if (succeeded[i] < 0 || failed[i] < 0) {
					return Optional.empty();
				}
			}
			return Optional.of(new BucketCounts(start, bucketSeconds, succeeded, failed));
		}
		catch (NumberFormatException | StringIndexOutOfBoundsException ex) {
			return Optional.empty();
		}
	}

}
