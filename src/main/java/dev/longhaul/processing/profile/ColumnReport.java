package dev.longhaul.processing.profile;

import java.math.BigDecimal;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The profile of one column.
 *
 * @param name its name in the header row
 * @param type the narrowest type all its non-empty values fit
 * @param count its non-empty values
 * @param empty its empty or blank values
 * @param distinct the number of distinct non-empty values: exact up to
 * {@value DistinctCounter#EXACT_LIMIT}, estimated above (HyperLogLog)
 * @param distinctExact whether {@code distinct} is exact (up to collisions of 64-bit
 * hashes, about one chance in 10<sup>13</sup>)
 * @param distinctError the relative standard error of {@code distinct}: 0 when exact,
 * 0.008125 (about 0.81%) for an estimate, 0.01625 for the estimate of a run resumed from
 * a checkpoint written before format 3
 * @param min the smallest number, for numeric columns
 * @param max the largest number, for numeric columns
 * @param mean the mean, for numeric columns
 * @param standardDeviation the sample standard deviation, for numeric columns
 * @param p50 the estimated median, for numeric columns (t-digest)
 * @param p95 the estimated 95th percentile, for numeric columns
 * @param p99 the estimated 99th percentile, for numeric columns
 * @param earliest the earliest value as written, for date and timestamp columns
 * @param latest the latest value as written, for date and timestamp columns
 * @param topValues the most frequent values, for text columns; empty otherwise
 * @param quantiles the estimated values at 0, 5 %, 10 %, ... 100 % of the column (21
 * values, t-digest), for numeric columns, and for date and timestamp columns as seconds
 * since the epoch (UTC); {@code null} for other columns and in reports made before they
 * were added
 */
public record ColumnReport(String name, ColumnType type, long count, long empty, long distinct, boolean distinctExact,
		double distinctError, @Nullable BigDecimal min, @Nullable BigDecimal max, @Nullable Double mean,
		@Nullable Double standardDeviation, @Nullable Double p50, @Nullable Double p95, @Nullable Double p99,
		@Nullable String earliest, @Nullable String latest, List<TopValue> topValues,
		@Nullable List<Double> quantiles) {
}
