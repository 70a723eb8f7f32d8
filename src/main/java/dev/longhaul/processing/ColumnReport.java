package dev.longhaul.processing;

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
 * @param distinct the estimated number of distinct non-empty values (HyperLogLog, about
 * 1.6% standard error)
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
record ColumnReport(String name, ColumnType type, long count, long empty, long distinct, @Nullable BigDecimal min,
		@Nullable BigDecimal max, @Nullable Double mean, @Nullable Double standardDeviation, @Nullable Double p50,
		@Nullable Double p95, @Nullable Double p99, @Nullable String earliest, @Nullable String latest,
		List<TopValue> topValues, @Nullable List<Double> quantiles) {
}
