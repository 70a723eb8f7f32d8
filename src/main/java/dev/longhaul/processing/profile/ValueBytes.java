package dev.longhaul.processing.profile;

import java.time.Instant;
import java.time.Month;
import java.time.Year;

/**
 * The checks of {@link Values} on the bytes of an ASCII value (every byte below 0x80),
 * which answer without a string for the common shapes and say {@link #UNKNOWN} for the
 * rest: the profiler's fast path, allocating nothing.
 */
final class ValueBytes {

	/** The answer of a check on bytes: the value is not of the shape. */
	static final int NO = 0;

	/** The answer of a check on bytes: the value is of the shape. */
	static final int YES = 1;

	/** The answer of a check on bytes: only the check on the string can tell. */
	static final int UNKNOWN = 2;

	private static final long MAX_EXACT_MANTISSA = 1L << 53;

	private static final double[] POWERS_OF_TEN = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
			1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };

	/** Days from 0000-01-01 to 1970-01-01, as in {@link LocalDate#toEpochDay()}. */
	private static final long DAYS_0000_TO_1970 = 719_528;

	private ValueBytes() {
	}

	/**
	 * {@link Values#numberShape(String)} of an ASCII value.
	 * @param value the bytes
	 * @param from where the value starts
	 * @param to where it ends, after {@code from}
	 * @return {@link Values#INTEGER_SHAPE}, {@link Values#DECIMAL_SHAPE} or
	 * {@link Values#NOT_A_NUMBER}
	 */
	static int numberShape(byte[] value, int from, int to) {
		int i = from;
		if (value[i] == '+' || value[i] == '-') {
			i++;
		}
		int integerDigits = digits(value, i, to);
		i += integerDigits;
		if (i == to) {
			return (integerDigits > 0) ? Values.INTEGER_SHAPE : Values.NOT_A_NUMBER;
		}
		int fractionDigits = 0;
		if (value[i] == '.') {
			i++;
			fractionDigits = digits(value, i, to);
			i += fractionDigits;
		}
		if (integerDigits + fractionDigits == 0) {
			return Values.NOT_A_NUMBER;
		}
		if (i < to && (value[i] == 'e' || value[i] == 'E')) {
			i++;
			if (i < to && (value[i] == '+' || value[i] == '-')) {
				i++;
			}
			int exponentDigits = digits(value, i, to);
			if (exponentDigits == 0) {
				return Values.NOT_A_NUMBER;
			}
			i += exponentDigits;
		}
		return (i == to) ? Values.DECIMAL_SHAPE : Values.NOT_A_NUMBER;
	}

	/**
	 * The value of an ASCII value of {@link Values#INTEGER_SHAPE} short enough not to
	 * overflow (at most 18 digits), as {@link Long#parseLong(String)} reads it.
	 * @param value the bytes
	 * @param from where the value starts
	 * @param to where it ends
	 * @return the integer
	 */
	static long shortInteger(byte[] value, int from, int to) {
		int i = from;
		boolean negative = value[i] == '-';
		if (negative || value[i] == '+') {
			i++;
		}
		long result = 0;
		for (; i < to; i++) {
			result = result * 10 + (value[i] - '0');
		}
		return negative ? -result : result;
	}

	/**
	 * Whether an ASCII value of {@link Values#INTEGER_SHAPE} has at most 18 digits, so
	 * that {@link #shortInteger} reads it.
	 * @param value the bytes
	 * @param from where the value starts
	 * @param to where it ends
	 * @return whether it is short enough
	 */
	static boolean isShortInteger(byte[] value, int from, int to) {
		int digits = to - from;
		if (value[from] == '+' || value[from] == '-') {
			digits--;
		}
		return digits <= 18;
	}

	/**
	 * {@link Double#parseDouble(String)} of an ASCII value of
	 * {@link Values#DECIMAL_SHAPE}, when it is exact in one operation: at most 15
	 * significant digits and a power of ten up to 22, both exact doubles, so that one
	 * correctly rounded multiplication or division gives the correctly rounded value
	 * (Clinger's fast path).
	 * @param value the bytes
	 * @param from where the value starts
	 * @param to where it ends
	 * @return the number, or {@code NaN} if only {@code parseDouble} can tell
	 */
	static double exactDecimal(byte[] value, int from, int to) {
		int i = from;
		boolean negative = value[i] == '-';
		if (negative || value[i] == '+') {
			i++;
		}
		long mantissa = 0;
		int digits = 0;
		int scale = 0;
		boolean point = false;
		for (; i < to; i++) {
			byte c = value[i];
			if (c >= '0' && c <= '9') {
				mantissa = mantissa * 10 + (c - '0');
				digits++;
				if (point) {
					scale--;
				}
			}
			else if (c == '.') {
				point = true;
			}
			else {
				break;
			}
		}
		if (digits > 15 || mantissa >= MAX_EXACT_MANTISSA) {
			return Double.NaN;
		}
		if (i < to) {
			// the exponent: e or E, an optional sign and digits (as the shape says)
			i++;
			boolean negativeExponent = value[i] == '-';
			if (negativeExponent || value[i] == '+') {
				i++;
			}
			if (to - i > 3) {
				return Double.NaN;
			}
			int exponent = 0;
			for (; i < to; i++) {
				exponent = exponent * 10 + (value[i] - '0');
			}
			scale += negativeExponent ? -exponent : exponent;
		}
		if (scale < -22 || scale > 22) {
			return Double.NaN;
		}
		double number = (scale >= 0) ? mantissa * POWERS_OF_TEN[scale] : mantissa / POWERS_OF_TEN[-scale];
		return negative ? -number : number;
	}

	/**
	 * {@link Values#isBoolean(String)} of an ASCII value.
	 * @param value the bytes
	 * @param from where the value starts
	 * @param to where it ends
	 * @return whether it is {@code true} or {@code false} in any case
	 */
	static boolean isBoolean(byte[] value, int from, int to) {
		int length = to - from;
		if (length == 4) {
			return (value[from] | 0x20) == 't' && (value[from + 1] | 0x20) == 'r' && (value[from + 2] | 0x20) == 'u'
					&& (value[from + 3] | 0x20) == 'e';
		}
		return length == 5 && (value[from] | 0x20) == 'f' && (value[from + 1] | 0x20) == 'a'
				&& (value[from + 2] | 0x20) == 'l' && (value[from + 3] | 0x20) == 's'
				&& (value[from + 4] | 0x20) == 'e';
	}

	/**
	 * {@link Values#date(String)} of an ASCII value.
	 * @param value the bytes
	 * @param from where the value starts
	 * @param to where it ends
	 * @param moment where the instant goes
	 * @return {@link #YES} (the instant is in {@code moment}), {@link #NO} or
	 * {@link #UNKNOWN}
	 */
	static int date(byte[] value, int from, int to, Moment moment) {
		if (to - from != 10 || value[from + 4] != '-' || value[from + 7] != '-') {
			return NO;
		}
		if (!isDigits(value, from, from + 4) || !isDigits(value, from + 5, from + 7)
				|| !isDigits(value, from + 8, from + 10)) {
			return UNKNOWN;
		}
		long day = epochDay(value, from);
		if (day == Long.MIN_VALUE) {
			return NO;
		}
		moment.seconds = day * 86_400;
		moment.nanos = 0;
		return YES;
	}

	/**
	 * {@link Values#timestamp(String)} of an ASCII value.
	 * @param value the bytes
	 * @param from where the value starts
	 * @param to where it ends
	 * @param moment where the instant goes
	 * @return {@link #YES} (the instant is in {@code moment}), {@link #NO} or
	 * {@link #UNKNOWN}
	 */
	static int timestamp(byte[] value, int from, int to, Moment moment) {
		int length = to - from;
		if (length < 16 || value[from + 4] != '-' || value[from + 7] != '-'
				|| (value[from + 10] != 'T' && value[from + 10] != 't' && value[from + 10] != ' ')) {
			return NO;
		}
		// as commonTimestamp; where it says null, the formatters decide
		if (!isDigits(value, from, from + 4) || !isDigits(value, from + 5, from + 7)
				|| !isDigits(value, from + 8, from + 10) || !isDigits(value, from + 11, from + 13)
				|| value[from + 13] != ':' || !isDigits(value, from + 14, from + 16)) {
			return UNKNOWN;
		}
		int hour = twoDigits(value, from + 11);
		int minute = twoDigits(value, from + 14);
		int second = 0;
		int nano = 0;
		int i = from + 16;
		if (i < to && value[i] == ':') {
			if (i + 3 > to || !isDigits(value, i + 1, i + 3)) {
				return UNKNOWN;
			}
			second = twoDigits(value, i + 1);
			i += 3;
			if (i < to && value[i] == '.') {
				int fractionDigits = digits(value, i + 1, to);
				if (fractionDigits == 0 || fractionDigits > 9) {
					return UNKNOWN;
				}
				for (int k = 0; k < 9; k++) {
					nano = nano * 10 + ((k < fractionDigits) ? value[i + 1 + k] - '0' : 0);
				}
				i += 1 + fractionDigits;
			}
		}
		int offsetSeconds = 0;
		if (i < to) {
			byte sign = value[i];
			if (sign == 'Z' && i + 1 == to) {
				offsetSeconds = 0;
			}
			else if ((sign == '+' || sign == '-') && i + 6 == to && isDigits(value, i + 1, i + 3) && value[i + 3] == ':'
					&& isDigits(value, i + 4, i + 6)) {
				int offsetHours = twoDigits(value, i + 1);
				int offsetMinutes = twoDigits(value, i + 4);
				if (offsetHours > 17 || offsetMinutes > 59 || (sign == '-' && offsetHours + offsetMinutes == 0)) {
					return UNKNOWN;
				}
				int seconds = (offsetHours * 60 + offsetMinutes) * 60;
				offsetSeconds = (sign == '-') ? -seconds : seconds;
			}
			else {
				return UNKNOWN;
			}
		}
		if (hour > 23 || minute > 59 || second > 59) {
			return UNKNOWN;
		}
		long day = epochDay(value, from);
		if (day == Long.MIN_VALUE) {
			return UNKNOWN;
		}
		moment.seconds = day * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds;
		moment.nanos = nano;
		return YES;
	}

	/**
	 * The epoch day of the first ten characters, {@code yyyy-MM-dd} with all digits
	 * there, as {@code Values.localDate(String)} and
	 * {@link java.time.LocalDate#toEpochDay()} give it.
	 * @return the day, or {@link Long#MIN_VALUE} if there is no such day
	 */
	private static long epochDay(byte[] value, int from) {
		int year = twoDigits(value, from) * 100 + twoDigits(value, from + 2);
		int month = twoDigits(value, from + 5);
		int day = twoDigits(value, from + 8);
		if (month < 1 || month > 12 || day < 1 || day > 31) {
			return Long.MIN_VALUE;
		}
		boolean leap = Year.isLeap(year);
		if (day > 28 && day > Month.of(month).length(leap)) {
			return Long.MIN_VALUE;
		}
		// LocalDate.toEpochDay, for a year from 0 to 9999
		long y = year;
		long total = 365 * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
		total += (367 * month - 362) / 12;
		total += day - 1;
		if (month > 2) {
			total--;
			if (!leap) {
				total--;
			}
		}
		return total - DAYS_0000_TO_1970;
	}

	private static boolean isDigits(byte[] value, int from, int to) {
		for (int i = from; i < to; i++) {
			byte c = value[i];
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	private static int twoDigits(byte[] value, int at) {
		return (value[at] - '0') * 10 + (value[at + 1] - '0');
	}

	private static int digits(byte[] value, int from, int to) {
		int i = from;
		while (i < to && value[i] >= '0' && value[i] <= '9') {
			i++;
		}
		return i - from;
	}

	/**
	 * An instant as seconds and nanoseconds since the epoch, filled in by the checks on
	 * bytes so that they allocate nothing.
	 */
	static final class Moment {

		long seconds;

		int nanos;

		void set(Instant instant) {
			this.seconds = instant.getEpochSecond();
			this.nanos = instant.getNano();
		}

		boolean isBefore(long seconds, int nanos) {
			return (this.seconds != seconds) ? this.seconds < seconds : this.nanos < nanos;
		}

		boolean isAfter(long seconds, int nanos) {
			return (this.seconds != seconds) ? this.seconds > seconds : this.nanos > nanos;
		}

	}

}
