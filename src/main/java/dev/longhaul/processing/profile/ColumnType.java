package dev.longhaul.processing.profile;

/**
 * The narrowest type that every non-empty value of a column fits, after stripping
 * surrounding whitespace.
 */
public enum ColumnType {

	/**
	 * Optional sign and decimal digits that fit a {@code long}, such as {@code -42}.
	 */
	INTEGER(1),

	/**
	 * A finite decimal number, optionally with an exponent, such as {@code 3.14} or
	 * {@code 1e-3}; integers fit it too. No {@code NaN}, {@code Infinity}, hex or
	 * thousands separators.
	 */
	DECIMAL(2),

	/**
	 * {@code true} or {@code false}, in any case. Not {@code yes}/{@code no} or
	 * {@code 1}/{@code 0}: those are words or numbers in too many datasets.
	 */
	BOOLEAN(4),

	/**
	 * An ISO-8601 calendar date {@code yyyy-MM-dd}.
	 */
	DATE(8),

	/**
	 * An ISO-8601 local or offset date-time, {@code T} or a space between date and time,
	 * such as {@code 2024-05-01T12:30:00Z}. A column that mixes dates and date-times is
	 * {@link #TEXT}.
	 */
	TIMESTAMP(16),

	/**
	 * Anything else.
	 */
	TEXT(0),

	/**
	 * No non-empty value at all.
	 */
	EMPTY(0);

	/**
	 * Every candidate type, before any value is seen.
	 */
	static final int ALL = 31;

	private final int bit;

	ColumnType(int bit) {
		this.bit = bit;
	}

	int bit() {
		return this.bit;
	}

	/**
	 * The narrowest type left among candidates.
	 * @param candidates the bits of the types that every value so far fits
	 * @param values how many non-empty values were seen
	 * @return the column's type
	 */
	static ColumnType of(int candidates, long values) {
		if (values == 0) {
			return EMPTY;
		}
		for (ColumnType type : values()) {
			if (type.bit != 0 && (candidates & type.bit) != 0) {
				return type;
			}
		}
		return TEXT;
	}

}
