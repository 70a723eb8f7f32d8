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

}
