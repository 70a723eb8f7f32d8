package dev.longhaul.processing.profile;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

/**
 * Recognizes the shapes of the {@link ColumnType types} in a stripped, non-empty value.
 */
final class Values {

	static final int NOT_A_NUMBER = 0;

	static final int INTEGER_SHAPE = 1;

	static final int DECIMAL_SHAPE = 2;

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

	private Values() {
	}

	/**
	 * Whether a value is written as an integer ({@code [+-]?\d+}), a decimal
	 * ({@code [+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?}) or neither.
	 * @param value the value
	 * @return {@link #INTEGER_SHAPE}, {@link #DECIMAL_SHAPE} or {@link #NOT_A_NUMBER}
	 */
	static int numberShape(String value) {
		int length = value.length();
		int i = 0;
		if (value.charAt(0) == '+' || value.charAt(0) == '-') {
			i++;
		}
		int integerDigits = digits(value, i);
		i += integerDigits;
		if (i == length) {
			return (integerDigits > 0) ? INTEGER_SHAPE : NOT_A_NUMBER;
		}
		int fractionDigits = 0;
		if (value.charAt(i) == '.') {
			i++;
			fractionDigits = digits(value, i);
			i += fractionDigits;
		}
		if (integerDigits + fractionDigits == 0) {
			return NOT_A_NUMBER;
		}
		if (i < length && (value.charAt(i) == 'e' || value.charAt(i) == 'E')) {
			i++;
			if (i < length && (value.charAt(i) == '+' || value.charAt(i) == '-')) {
				i++;
			}
			int exponentDigits = digits(value, i);
			if (exponentDigits == 0) {
				return NOT_A_NUMBER;
			}
			i += exponentDigits;
		}
		return (i == length) ? DECIMAL_SHAPE : NOT_A_NUMBER;
	}

	static boolean isBoolean(String value) {
		return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
	}

	/**
	 * The start of the day of an ISO {@code yyyy-MM-dd} date, in UTC.
	 * @param value the value
	 * @return the instant, or {@code null} if the value is not such a date
	 */
	static @Nullable Instant date(String value) {
		if (value.length() != 10 || value.charAt(4) != '-' || value.charAt(7) != '-') {
			return null;
		}
		if (isDigits(value, 0, 4) && isDigits(value, 5, 7) && isDigits(value, 8, 10)) {
			LocalDate date = localDate(value);
			return (date != null) ? date.atStartOfDay(ZoneOffset.UTC).toInstant() : null;
		}
		try {
			return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/**
	 * The instant of an ISO-8601 date-time, with {@code T} or a space between date and
	 * time; one without an offset is read as UTC.
	 * @param value the value
	 * @return the instant, or {@code null} if the value is not such a date-time
	 */
	static @Nullable Instant timestamp(String value) {
		if (value.length() < 16 || value.charAt(4) != '-' || value.charAt(7) != '-'
				|| (value.charAt(10) != 'T' && value.charAt(10) != 't' && value.charAt(10) != ' ')) {
			return null;
		}
		Instant fast = commonTimestamp(value);
		if (fast != null) {
			return fast;
		}
		String text = (value.charAt(10) == ' ') ? value.substring(0, 10) + 'T' + value.substring(11) : value;
		try {
			if (hasOffset(text)) {
				return OffsetDateTime.parse(text).toInstant();
			}
			return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/**
	 * The instant of a date-time in the common shape {@code yyyy-MM-dd(T|t|
	 * )HH:mm[:ss[.f{1,9}]][Z|(+|-)HH:mm]}, read digit by digit and checked as strictly as
	 * the ISO formatters check it.
	 * @param value a value of at least 16 characters with the date's dashes and a
	 * separator at index 10
	 * @return the instant, or {@code null} if the value is not in that shape or not
	 * valid: then only the formatters can tell
	 */
	private static @Nullable Instant commonTimestamp(String value) {
		int length = value.length();
		if (!isDigits(value, 0, 4) || !isDigits(value, 5, 7) || !isDigits(value, 8, 10) || !isDigits(value, 11, 13)
				|| value.charAt(13) != ':' || !isDigits(value, 14, 16)) {
			return null;
		}
		int hour = twoDigits(value, 11);
		int minute = twoDigits(value, 14);
		int second = 0;
		int nano = 0;
		int i = 16;
		if (i < length && value.charAt(i) == ':') {
			if (i + 3 > length || !isDigits(value, i + 1, i + 3)) {
				return null;
			}
			second = twoDigits(value, i + 1);
			i += 3;
			if (i < length && value.charAt(i) == '.') {
				int fractionDigits = digits(value, i + 1);
				if (fractionDigits == 0 || fractionDigits > 9) {
					return null;
				}
				for (int k = 0; k < 9; k++) {
					nano = nano * 10 + ((k < fractionDigits) ? value.charAt(i + 1 + k) - '0' : 0);
				}
				i += 1 + fractionDigits;
			}
		}
		ZoneOffset offset = null;
		if (i < length) {
			char sign = value.charAt(i);
			if (sign == 'Z' && i + 1 == length) {
				offset = ZoneOffset.UTC;
			}
			else if ((sign == '+' || sign == '-') && i + 6 == length && isDigits(value, i + 1, i + 3)
					&& value.charAt(i + 3) == ':' && isDigits(value, i + 4, i + 6)) {
				int offsetHours = twoDigits(value, i + 1);
				int offsetMinutes = twoDigits(value, i + 4);
				if (offsetHours > 17 || offsetMinutes > 59 || (sign == '-' && offsetHours + offsetMinutes == 0)) {
					return null;
				}
				int seconds = (offsetHours * 60 + offsetMinutes) * 60;
				offset = ZoneOffset.ofTotalSeconds((sign == '-') ? -seconds : seconds);
			}
			else {
				return null;
			}
		}
		if (hour > 23 || minute > 59 || second > 59) {
			return null;
		}
		LocalDate date = localDate(value);
		if (date == null) {
			return null;
		}
		LocalDateTime dateTime = LocalDateTime.of(date, LocalTime.of(hour, minute, second, nano));
		return dateTime.toInstant((offset != null) ? offset : ZoneOffset.UTC);
	}

	/**
	 * The date of the first ten characters, {@code yyyy-MM-dd} with all digits there.
	 * @param value the value
	 * @return the date, or {@code null} if there is no such day
	 */
	private static @Nullable LocalDate localDate(String value) {
		int year = twoDigits(value, 0) * 100 + twoDigits(value, 2);
		int month = twoDigits(value, 5);
		int day = twoDigits(value, 8);
		if (month < 1 || month > 12 || day < 1 || day > 31) {
			return null;
		}
		if (day > 28 && day > Month.of(month).length(Year.isLeap(year))) {
			return null;
		}
		return LocalDate.of(year, month, day);
	}

	private static boolean isDigits(String value, int from, int to) {
		for (int i = from; i < to; i++) {
			char c = value.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	private static int twoDigits(String value, int at) {
		return (value.charAt(at) - '0') * 10 + (value.charAt(at + 1) - '0');
	}

	private static boolean hasOffset(String text) {
		for (int i = 11; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == 'Z' || c == 'z' || c == '+' || c == '-') {
				return true;
			}
		}
		return false;
	}

	private static int digits(String value, int from) {
		int i = from;
		while (i < value.length() && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
			i++;
		}
		return i - from;
	}

	// The same checks on the bytes of an ASCII value (every byte below 0x80), which
	// answer without a string for the common shapes and say UNKNOWN for the rest.

	/**
	 * {@link #numberShape(String)} of an ASCII value.
	 * @param value the bytes
	 * @param from where the value starts
	 * @param to where it ends, after {@code from}
	 * @return {@link #INTEGER_SHAPE}, {@link #DECIMAL_SHAPE} or {@link #NOT_A_NUMBER}
	 */
	static int numberShape(byte[] value, int from, int to) {
		int i = from;
		if (value[i] == '+' || value[i] == '-') {
			i++;
		}
		int integerDigits = digits(value, i, to);
		i += integerDigits;
		if (i == to) {
			return (integerDigits > 0) ? INTEGER_SHAPE : NOT_A_NUMBER;
		}
		int fractionDigits = 0;
		if (value[i] == '.') {
			i++;
			fractionDigits = digits(value, i, to);
			i += fractionDigits;
		}
		if (integerDigits + fractionDigits == 0) {
			return NOT_A_NUMBER;
		}
		if (i < to && (value[i] == 'e' || value[i] == 'E')) {
			i++;
			if (i < to && (value[i] == '+' || value[i] == '-')) {
				i++;
			}
			int exponentDigits = digits(value, i, to);
			if (exponentDigits == 0) {
				return NOT_A_NUMBER;
			}
			i += exponentDigits;
		}
		return (i == to) ? DECIMAL_SHAPE : NOT_A_NUMBER;
	}

	/**
	 * The value of an ASCII value of {@link #INTEGER_SHAPE} short enough not to overflow
	 * (at most 18 digits), as {@link Long#parseLong(String)} reads it.
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
	 * Whether an ASCII value of {@link #INTEGER_SHAPE} has at most 18 digits, so that
	 * {@link #shortInteger} reads it.
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
	 * {@link Double#parseDouble(String)} of an ASCII value of {@link #DECIMAL_SHAPE},
	 * when it is exact in one operation: at most 15 significant digits and a power of ten
	 * up to 22, both exact doubles, so that one correctly rounded multiplication or
	 * division gives the correctly rounded value (Clinger's fast path).
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
	 * {@link #isBoolean(String)} of an ASCII value.
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
	 * {@link #date(String)} of an ASCII value.
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
	 * {@link #timestamp(String)} of an ASCII value.
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
	 * there, as {@link #localDate(String)} and {@link LocalDate#toEpochDay()} give it.
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
