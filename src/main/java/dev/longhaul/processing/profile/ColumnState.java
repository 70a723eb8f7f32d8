package dev.longhaul.processing.profile;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The partial aggregates of one column, as saved in a {@link Checkpoint}.
 *
 * @param candidates the bits of the {@link ColumnType types} every value so far fits
 * @param values the non-empty values
 * @param empty the empty or blank values
 * @param numbers the numbers counted in the moments, while the column may be numeric
 * @param mean their running mean
 * @param squaredDeviations their running sum of squared deviations from the mean
 * @param min the smallest number
 * @param max the largest number
 * @param minInteger the smallest integer, {@link Long#MAX_VALUE} before any
 * @param maxInteger the largest integer, {@link Long#MIN_VALUE} before any
 * @param earliest the earliest date or timestamp as written, while the column may be one
 * @param latest the latest date or timestamp as written
 * @param distinct the {@link DistinctCounter#state() distinct counter}: the hashes while
 * exact, else the deflated HyperLogLog registers (format 1 and 2: 4096 raw registers,
 * made a counter's state when read)
 * @param quantiles the t-digest and its pending batch: of the numbers while the column
 * may be numeric, else of the instants (seconds since the epoch) while it may be a date
 * or a timestamp
 * @param frequent the frequent-items counters, by count and then by when they reached it;
 * when a file is read, none while the column may still be of another type than text (they
 * are rebuilt from the file if it turns text)
 */
record ColumnState(int candidates, long values, long empty, long numbers, double mean, double squaredDeviations,
		double min, double max, long minInteger, long maxInteger, @Nullable String earliest, @Nullable String latest,
		byte[] distinct, byte[] quantiles, List<FrequentItem> frequent) {

	/**
	 * This state with another distinct counter state.
	 * @param distinct the counter's state
	 * @return the state
	 */
	ColumnState withDistinct(byte[] distinct) {
		return new ColumnState(this.candidates, this.values, this.empty, this.numbers, this.mean,
				this.squaredDeviations, this.min, this.max, this.minInteger, this.maxInteger, this.earliest,
				this.latest, distinct, this.quantiles, this.frequent);
	}

}
