package dev.longhaul.queue;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationStyle;

import dev.longhaul.validation.Violation;

/**
 * Reads the job explorer's filter parameters, all or nothing: any parameter that breaks
 * its rule makes the request a 400 naming each such parameter.
 */
final class JobFilters {

	/** The longest error text searched for. */
	static final int MAX_ERROR_TEXT = 200;

	/** The longest age parameter, an instant or a duration. */
	private static final int MAX_AGE_TEXT = 64;

	/** Ages outside these bounds are refused: every database stores instants between. */
	private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

	private static final Instant LATEST = Instant.parse("9999-01-01T00:00:00Z");

	private JobFilters() {
	}

	/**
	 * The filter the parameters describe; a blank parameter is as one not given.
	 * @param queue a queue name
	 * @param type a job type name
	 * @param statuses status names, in any letter case
	 * @param olderThan an ISO-8601 instant ({@code 2026-12-01T00:00:00Z}) or a duration
	 * before now ({@code 7d}, {@code 1h}, {@code PT30M})
	 * @param newerThan likewise
	 * @param error a text the last error contains
	 * @param clock what now is
	 * @return the filter
	 * @throws InvalidJobFilterException if a parameter breaks its rule
	 */
	static JobFilter parse(@Nullable String queue, @Nullable String type, @Nullable List<String> statuses,
			@Nullable String olderThan, @Nullable String newerThan, @Nullable String error, Clock clock) {
		List<Violation> violations = new ArrayList<>();
		String queueName = name("queue", queue, violations);
		String typeName = name("type", type, violations);
		Set<JobStatus> statusSet = statuses("status", statuses, violations);
		Instant before = age("olderThan", olderThan, clock, violations);
		Instant after = age("newerThan", newerThan, clock, violations);
		String errorText = blankAsNull(error);
		if (errorText != null && errorText.length() > MAX_ERROR_TEXT) {
			violations.add(new Violation("error", "must be at most " + MAX_ERROR_TEXT + " characters"));
		}
		if (!violations.isEmpty()) {
			throw new InvalidJobFilterException(violations);
		}
		return new JobFilter(queueName, typeName, statusSet, before, after, errorText);
	}

	private static @Nullable String name(String parameter, @Nullable String value, List<Violation> violations) {
		String name = blankAsNull(value);
		if (name != null && !name.matches(JobTypes.NAME)) {
			violations.add(new Violation(parameter,
					"must be lower-case letters, digits and dashes, at most 64, as queue and type names are"));
			return null;
		}
		return name;
	}

	private static Set<JobStatus> statuses(String parameter, @Nullable List<String> values,
			List<Violation> violations) {
		Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
		if (values == null) {
			return statuses;
		}
		for (String value : values) {
			if (value == null || value.isBlank()) {
				continue;
			}
			try {
				statuses.add(JobStatus.valueOf(value.trim().toUpperCase(Locale.ROOT)));
			}
			catch (IllegalArgumentException ex) {
				violations.add(new Violation(parameter, "must be one or more of " + Arrays.toString(JobStatus.values())
						+ ", not '" + shorten(value) + "'"));
				break;
			}
		}
		return statuses;
	}

	private static @Nullable Instant age(String parameter, @Nullable String value, Clock clock,
			List<Violation> violations) {
		String text = blankAsNull(value);
		if (text == null) {
			return null;
		}
		Instant instant = (text.length() <= MAX_AGE_TEXT) ? instant(text, clock) : null;
		if (instant != null && !instant.isBefore(EARLIEST) && instant.isBefore(LATEST)) {
			return instant;
		}
		violations
			.add(new Violation(parameter, "must be an ISO-8601 instant (1970 to 9998) such as 2026-12-01T00:00:00Z, "
					+ "or a duration before now such as 7d, 1h, 30m or PT30M, not '" + shorten(text) + "'"));
		return null;
	}

	private static @Nullable Instant instant(String text, Clock clock) {
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ex) {
			// not an instant: a duration?
		}
		try {
			Duration duration = DurationStyle.detectAndParse(text);
			return duration.isNegative() ? null : clock.instant().minus(duration);
		}
		catch (IllegalArgumentException | ArithmeticException | DateTimeException ex) {
			return null;
		}
	}

	private static @Nullable String blankAsNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	private static String shorten(String value) {
		return (value.length() <= 40) ? value : value.substring(0, 40) + "…";
	}

}
