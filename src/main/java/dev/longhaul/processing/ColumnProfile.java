package dev.longhaul.processing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The running profile of one column: type inference, counts, moments, date range and
 * sketches, in memory that does not grow with the number of rows.
 *
 * <p>
 * Values are stripped of surrounding whitespace; an empty or blank value counts as empty
 * and takes part in nothing else. Not thread-safe.
 */
final class ColumnProfile {

	static final int TOP_VALUES = 10;

	private static final int NUMERIC = ColumnType.INTEGER.bit() | ColumnType.DECIMAL.bit();

	private static final int TEMPORAL = ColumnType.DATE.bit() | ColumnType.TIMESTAMP.bit();

	private int candidates = ColumnType.ALL;

	private long values;

	private long empty;

	private final RunningMoments moments;

	private long minInteger = Long.MAX_VALUE;

	private long maxInteger = Long.MIN_VALUE;

	private @Nullable String earliest;

	private @Nullable Instant earliestInstant;

	private @Nullable String latest;

	private @Nullable Instant latestInstant;

	private final HyperLogLog distinct;

	private final QuantileSketch quantiles;

	private final FrequentItems frequent;

	ColumnProfile() {
		this.moments = new RunningMoments();
		this.distinct = new HyperLogLog();
		this.quantiles = new QuantileSketch();
		this.frequent = new FrequentItems();
	}

	private ColumnProfile(ColumnState state) {
		this.candidates = state.candidates();
		this.values = state.values();
		this.empty = state.empty();
		this.moments = new RunningMoments(state.numbers(), state.mean(), state.squaredDeviations(), state.min(),
				state.max());
		this.minInteger = state.minInteger();
		this.maxInteger = state.maxInteger();
		this.earliest = state.earliest();
		this.earliestInstant = temporal(state.earliest());
		this.latest = state.latest();
		this.latestInstant = temporal(state.latest());
		this.distinct = HyperLogLog.restore(state.distinct());
		this.quantiles = QuantileSketch.restore(state.quantiles());
		this.frequent = FrequentItems.restore(state.frequent());
	}

	static ColumnProfile restore(ColumnState state) {
		return new ColumnProfile(state);
	}

	void add(String field) {
		String value = field.strip();
		if (value.isEmpty()) {
			this.empty++;
			return;
		}
		this.values++;
		this.distinct.add(value);
		this.frequent.add(value);
		if (this.candidates != 0) {
			infer(value);
		}
	}

	private void infer(String value) {
		int fits = 0;
		int shape = ((this.candidates & NUMERIC) != 0) ? Values.numberShape(value) : Values.NOT_A_NUMBER;
		long integer = 0;
		double number = 0;
		if (shape == Values.INTEGER_SHAPE) {
			try {
				integer = Long.parseLong(value);
				number = integer;
				fits |= NUMERIC;
			}
			catch (NumberFormatException tooLong) {
				shape = Values.DECIMAL_SHAPE;
			}
		}
		if (shape == Values.DECIMAL_SHAPE) {
			number = Double.parseDouble(value);
			if (Double.isFinite(number)) {
				fits |= ColumnType.DECIMAL.bit();
			}
		}
		if ((this.candidates & ColumnType.BOOLEAN.bit()) != 0 && Values.isBoolean(value)) {
			fits |= ColumnType.BOOLEAN.bit();
		}
		Instant instant = null;
		if ((this.candidates & ColumnType.DATE.bit()) != 0) {
			instant = Values.date(value);
			if (instant != null) {
				fits |= ColumnType.DATE.bit();
			}
		}
		if (instant == null && (this.candidates & ColumnType.TIMESTAMP.bit()) != 0) {
			instant = Values.timestamp(value);
			if (instant != null) {
				fits |= ColumnType.TIMESTAMP.bit();
			}
		}
		this.candidates &= fits;
		if ((this.candidates & NUMERIC) != 0) {
			this.moments.add(number);
			this.quantiles.add(number);
			if ((fits & ColumnType.INTEGER.bit()) != 0) {
				this.minInteger = Math.min(this.minInteger, integer);
				this.maxInteger = Math.max(this.maxInteger, integer);
			}
		}
		if ((this.candidates & TEMPORAL) != 0 && instant != null) {
			if (this.earliestInstant == null || instant.isBefore(this.earliestInstant)) {
				this.earliest = value;
				this.earliestInstant = instant;
			}
			if (this.latestInstant == null || instant.isAfter(this.latestInstant)) {
				this.latest = value;
				this.latestInstant = instant;
			}
		}
	}

	ColumnState state() {
		return new ColumnState(this.candidates, this.values, this.empty, this.moments.count(), this.moments.mean(),
				this.moments.squaredDeviations(), this.moments.min(), this.moments.max(), this.minInteger,
				this.maxInteger, this.earliest, this.latest, this.distinct.state(), this.quantiles.state(),
				this.frequent.state());
	}

	ColumnReport report(String name) {
		ColumnType type = ColumnType.of(this.candidates, this.values);
		boolean numeric = type == ColumnType.INTEGER || type == ColumnType.DECIMAL;
		boolean temporal = type == ColumnType.DATE || type == ColumnType.TIMESTAMP;
		BigDecimal min = null;
		BigDecimal max = null;
		if (type == ColumnType.INTEGER) {
			min = BigDecimal.valueOf(this.minInteger);
			max = BigDecimal.valueOf(this.maxInteger);
		}
		else if (type == ColumnType.DECIMAL) {
			min = BigDecimal.valueOf(this.moments.min());
			max = BigDecimal.valueOf(this.moments.max());
		}
		List<TopValue> top = (type == ColumnType.TEXT) ? this.frequent.top(TOP_VALUES) : List.of();
		return new ColumnReport(name, type, this.values, this.empty, (this.values == 0) ? 0 : this.distinct.estimate(),
				min, max, numeric ? this.moments.mean() : null, numeric ? this.moments.standardDeviation() : null,
				numeric ? this.quantiles.quantile(0.5) : null, numeric ? this.quantiles.quantile(0.95) : null,
				numeric ? this.quantiles.quantile(0.99) : null, temporal ? this.earliest : null,
				temporal ? this.latest : null, top);
	}

	private static @Nullable Instant temporal(@Nullable String value) {
		if (value == null) {
			return null;
		}
		Instant date = Values.date(value);
		return (date != null) ? date : Values.timestamp(value);
	}

}
