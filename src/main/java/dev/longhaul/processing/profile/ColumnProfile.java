package dev.longhaul.processing.profile;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
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

	/** How many equal-probability slices the reported quantiles cut a column into. */
	static final int QUANTILE_SLICES = 20;

	private static final int NUMERIC = ColumnType.INTEGER.bit() | ColumnType.DECIMAL.bit();

	private static final int TEMPORAL = ColumnType.DATE.bit() | ColumnType.TIMESTAMP.bit();

	private int candidates = ColumnType.ALL;

	private long values;

	private long empty;

	private final RunningMoments moments;

	private long minInteger = Long.MAX_VALUE;

	private long maxInteger = Long.MIN_VALUE;

	private @Nullable String earliest;

	/** Whether earliestSeconds and earliestNanos hold the instant of earliest. */
	private boolean earliestKnown;

	private long earliestSeconds;

	private int earliestNanos;

	private @Nullable String latest;

	private boolean latestKnown;

	private long latestSeconds;

	private int latestNanos;

	private final DistinctCounter distinct;

	private final QuantileSketch quantiles;

	private FrequentItems frequent;

	/** The instant of the value being added, if it is a date or a timestamp. */
	private final ValueBytes.Moment moment = new ValueBytes.Moment();

	/**
	 * Whether the frequent items are left out while the column may still be of another
	 * type than text (their only use): see {@link #topValuesPending()}.
	 */
	private boolean topDeferred;

	/** Whether the column has just turned text while it deferred its frequent items. */
	private boolean topPending;

	ColumnProfile() {
		this(false);
	}

	/**
	 * A new profile.
	 * @param deferTopValues whether to count frequent items only once the column is text
	 * (the caller then rebuilds them from the file when it turns text late)
	 */
	ColumnProfile(boolean deferTopValues) {
		this.moments = new RunningMoments();
		this.distinct = new DistinctCounter();
		this.quantiles = new QuantileSketch();
		this.frequent = new FrequentItems();
		this.topDeferred = deferTopValues;
	}

	private ColumnProfile(ColumnState state, boolean deferTopValues) {
		this.candidates = state.candidates();
		this.values = state.values();
		this.empty = state.empty();
		this.moments = new RunningMoments(state.numbers(), state.mean(), state.squaredDeviations(), state.min(),
				state.max());
		this.minInteger = state.minInteger();
		this.maxInteger = state.maxInteger();
		this.earliest = state.earliest();
		Instant earliestInstant = temporal(state.earliest());
		if (earliestInstant != null) {
			this.earliestKnown = true;
			this.earliestSeconds = earliestInstant.getEpochSecond();
			this.earliestNanos = earliestInstant.getNano();
		}
		this.latest = state.latest();
		Instant latestInstant = temporal(state.latest());
		if (latestInstant != null) {
			this.latestKnown = true;
			this.latestSeconds = latestInstant.getEpochSecond();
			this.latestNanos = latestInstant.getNano();
		}
		this.distinct = DistinctCounter.restore(state.distinct());
		this.quantiles = QuantileSketch.restore(state.quantiles());
		this.frequent = FrequentItems.restore(state.frequent());
		// a column that may still be another type without counters has deferred them
		// (a column with values that always counted has counters)
		this.topDeferred = deferTopValues && this.candidates != 0 && state.frequent().isEmpty();
	}

	static ColumnProfile restore(ColumnState state) {
		return new ColumnProfile(state, false);
	}

	/**
	 * A profile that continues from a saved state.
	 * @param state the state
	 * @param deferTopValues as for a {@link #ColumnProfile(boolean) new profile}
	 * @return the profile
	 */
	static ColumnProfile restore(ColumnState state, boolean deferTopValues) {
		return new ColumnProfile(state, deferTopValues);
	}

	/**
	 * Whether the column has just turned text after other values while its frequent items
	 * were deferred: they must be {@linkplain #startTopValues rebuilt} from the values
	 * before, as if they had been counted all along.
	 * @return whether they must be rebuilt
	 */
	boolean topValuesPending() {
		return this.topPending;
	}

	/**
	 * Whether the frequent items are still deferred.
	 * @return whether they are
	 */
	boolean topValuesDeferred() {
		return this.topDeferred;
	}

	/**
	 * Counts frequent items from now on, starting from the counters of the values so far.
	 * @param counters the counters of all the column's values so far, in order
	 */
	void startTopValues(FrequentItems counters) {
		this.frequent = counters;
		this.topPending = false;
		this.topDeferred = false;
	}

	/**
	 * Counts a field in frequent items as {@link #add(String)} does.
	 * @param items the counters
	 * @param field the field
	 */
	static void addTop(FrequentItems items, String field) {
		String value = field.strip();
		if (!value.isEmpty()) {
			items.add(value, XxHash64.hash(value));
		}
	}

	/**
	 * Counts an ASCII field in frequent items as {@link #addAscii} does.
	 * @param items the counters
	 * @param bytes the bytes, each below 0x80
	 * @param from where the field starts
	 * @param to where it ends
	 */
	static void addTopAscii(FrequentItems items, byte[] bytes, int from, int to) {
		while (from < to && isAsciiWhitespace(bytes[from])) {
			from++;
		}
		while (to > from && isAsciiWhitespace(bytes[to - 1])) {
			to--;
		}
		if (from < to) {
			items.addAscii(bytes, from, to, XxHash64.hash(bytes, from, to - from));
		}
	}

	/**
	 * After a value was added: if it made the column text while its frequent items were
	 * deferred, counts them from it if it is the first value, else leaves them pending.
	 */
	private void afterInference(String value, long hash) {
		if (this.candidates == 0 && this.topDeferred) {
			if (this.values == 1) {
				this.topDeferred = false;
				this.frequent.add(value, hash);
			}
			else {
				this.topPending = true;
			}
		}
	}

	void add(String field) {
		String value = field.strip();
		if (value.isEmpty()) {
			this.empty++;
			return;
		}
		this.values++;
		long hash = XxHash64.hash(value);
		this.distinct.add(hash);
		if (!this.topDeferred) {
			this.frequent.add(value, hash);
		}
		if (this.candidates != 0) {
			infer(value);
			afterInference(value, hash);
		}
	}

	/**
	 * Adds a field given as ASCII bytes, as {@link #add(String)} would add the string of
	 * those bytes, without making it.
	 * @param bytes the bytes, each below 0x80
	 * @param from where the field starts
	 * @param to where it ends
	 */
	void addAscii(byte[] bytes, int from, int to) {
		// String.strip: of ASCII, tab to CR, the file to unit separators and space
		while (from < to && isAsciiWhitespace(bytes[from])) {
			from++;
		}
		while (to > from && isAsciiWhitespace(bytes[to - 1])) {
			to--;
		}
		if (from == to) {
			this.empty++;
			return;
		}
		this.values++;
		long hash = XxHash64.hash(bytes, from, to - from);
		this.distinct.add(hash);
		if (!this.topDeferred) {
			this.frequent.addAscii(bytes, from, to, hash);
		}
		if (this.candidates != 0) {
			inferAscii(bytes, from, to);
			if (this.candidates == 0 && this.topDeferred) {
				afterInference(ascii(bytes, from, to), hash);
			}
		}
	}

	private static boolean isAsciiWhitespace(byte c) {
		return c <= ' ' && (c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\u001C' && c <= '\u001F'));
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
		if (instant != null) {
			this.moment.set(instant);
		}
		update(fits, integer, number, instant != null, value, null, 0, 0);
	}

	/**
	 * {@link #infer(String)} of an ASCII value, on its bytes; shapes that only the string
	 * checks can tell are left to them.
	 */
	private void inferAscii(byte[] bytes, int from, int to) {
		int fits = 0;
		int shape = ((this.candidates & NUMERIC) != 0) ? ValueBytes.numberShape(bytes, from, to) : Values.NOT_A_NUMBER;
		long integer = 0;
		double number = 0;
		if (shape == Values.INTEGER_SHAPE) {
			if (ValueBytes.isShortInteger(bytes, from, to)) {
				integer = ValueBytes.shortInteger(bytes, from, to);
				number = integer;
				fits |= NUMERIC;
			}
			else {
				try {
					integer = Long.parseLong(ascii(bytes, from, to));
					number = integer;
					fits |= NUMERIC;
				}
				catch (NumberFormatException tooLong) {
					shape = Values.DECIMAL_SHAPE;
				}
			}
		}
		if (shape == Values.DECIMAL_SHAPE) {
			number = ValueBytes.exactDecimal(bytes, from, to);
			if (Double.isNaN(number)) {
				number = Double.parseDouble(ascii(bytes, from, to));
			}
			if (Double.isFinite(number)) {
				fits |= ColumnType.DECIMAL.bit();
			}
		}
		if ((this.candidates & ColumnType.BOOLEAN.bit()) != 0 && ValueBytes.isBoolean(bytes, from, to)) {
			fits |= ColumnType.BOOLEAN.bit();
		}
		boolean temporal = false;
		if ((this.candidates & ColumnType.DATE.bit()) != 0) {
			temporal = temporal(ValueBytes.date(bytes, from, to, this.moment), bytes, from, to, true);
			if (temporal) {
				fits |= ColumnType.DATE.bit();
			}
		}
		if (!temporal && (this.candidates & ColumnType.TIMESTAMP.bit()) != 0) {
			temporal = temporal(ValueBytes.timestamp(bytes, from, to, this.moment), bytes, from, to, false);
			if (temporal) {
				fits |= ColumnType.TIMESTAMP.bit();
			}
		}
		update(fits, integer, number, temporal, null, bytes, from, to);
	}

	/**
	 * Settles the answer of a date or timestamp check on bytes, asking the string check
	 * when it could not tell.
	 * @return whether the value is one, its instant in {@link #moment}
	 */
	private boolean temporal(int answer, byte[] bytes, int from, int to, boolean date) {
		if (answer != ValueBytes.UNKNOWN) {
			return answer == ValueBytes.YES;
		}
		String value = ascii(bytes, from, to);
		Instant instant = date ? Values.date(value) : Values.timestamp(value);
		if (instant == null) {
			return false;
		}
		this.moment.set(instant);
		return true;
	}

	/**
	 * Narrows the candidates to the types the value fits and adds it to the aggregates of
	 * those left.
	 * @param text the value, or {@code null} to make it from the bytes if needed
	 */
	private void update(int fits, long integer, double number, boolean temporal, @Nullable String text,
			byte @Nullable [] bytes, int from, int to) {
		this.candidates &= fits;
		if ((this.candidates & NUMERIC) != 0) {
			this.moments.add(number);
			this.quantiles.add(number);
			if ((fits & ColumnType.INTEGER.bit()) != 0) {
				this.minInteger = Math.min(this.minInteger, integer);
				this.maxInteger = Math.max(this.maxInteger, integer);
			}
		}
		if ((this.candidates & TEMPORAL) != 0 && temporal) {
			ValueBytes.Moment moment = this.moment;
			if ((this.candidates & NUMERIC) == 0) {
				this.quantiles.add(moment.seconds + moment.nanos / 1e9);
			}
			if (!this.earliestKnown || moment.isBefore(this.earliestSeconds, this.earliestNanos)) {
				this.earliest = (text != null) ? text : ascii(bytes, from, to);
				this.earliestKnown = true;
				this.earliestSeconds = moment.seconds;
				this.earliestNanos = moment.nanos;
			}
			if (!this.latestKnown || moment.isAfter(this.latestSeconds, this.latestNanos)) {
				this.latest = (text != null) ? text : ascii(bytes, from, to);
				this.latestKnown = true;
				this.latestSeconds = moment.seconds;
				this.latestNanos = moment.nanos;
			}
		}
	}

	private static String ascii(byte[] bytes, int from, int to) {
		return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
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
		// an estimate above the number of values is known to be too high
		long distinct = Math.min(this.distinct.count(), this.values);
		return new ColumnReport(name, type, this.values, this.empty, distinct, this.distinct.exact(),
				this.distinct.relativeError(), min, max, numeric ? this.moments.mean() : null,
				numeric ? this.moments.standardDeviation() : null, numeric ? this.quantiles.quantile(0.5) : null,
				numeric ? this.quantiles.quantile(0.95) : null, numeric ? this.quantiles.quantile(0.99) : null,
				temporal ? this.earliest : null, temporal ? this.latest : null, top,
				(numeric || temporal) ? quantiles() : null);
	}

	/**
	 * The values at 0, 1/{@value #QUANTILE_SLICES}, ... 1 of the column, numbers or
	 * instants in seconds since the epoch. A date or timestamp column profiled from a
	 * checkpoint written before its instants went into the sketch has not seen them all:
	 * it reports none rather than the quantiles of part of the file.
	 */
	private @Nullable List<Double> quantiles() {
		if (this.values == 0 || this.quantiles.count() != this.values) {
			return null;
		}
		double[] qs = new double[QUANTILE_SLICES + 1];
		for (int i = 0; i <= QUANTILE_SLICES; i++) {
			qs[i] = (double) i / QUANTILE_SLICES;
		}
		return Arrays.stream(this.quantiles.quantiles(qs)).boxed().toList();
	}

	private static @Nullable Instant temporal(@Nullable String value) {
		if (value == null) {
			return null;
		}
		Instant date = Values.date(value);
		return (date != null) ? date : Values.timestamp(value);
	}

}
