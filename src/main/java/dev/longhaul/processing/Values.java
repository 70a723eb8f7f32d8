package dev.longhaul.processing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
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
