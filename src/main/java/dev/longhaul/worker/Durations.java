package dev.longhaul.worker;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Durations written for people, in log lines and messages: {@code 250ms}, {@code 1.5s},
 * {@code 5m}, {@code 1h30m}. Other features reach it through {@link Worker#format}.
 */
final class Durations {

	private Durations() {
	}

	/**
	 * Writes a duration for people, to the millisecond.
	 * @param duration the duration
	 * @return milliseconds below a second ({@code 250ms}), else hours, minutes and
	 * seconds ({@code 1h30m}, {@code 1.5s})
	 */
	static String format(Duration duration) {
		Duration millis = duration.truncatedTo(ChronoUnit.MILLIS);
		if (millis.compareTo(Duration.ofSeconds(1)) < 0) {
			return millis.toMillis() + "ms";
		}
		return millis.toString().substring(2).toLowerCase();
	}

}
