package dev.longhaul.web;

import java.time.Duration;

import org.springframework.security.core.AuthenticationException;

/**
 * A sign-in refused without checking the password, because its user name or client
 * address failed too often lately.
 */
final class LoginThrottledException extends AuthenticationException {

	private final Duration retryAfter;

	LoginThrottledException(Duration retryAfter) {
		super("Too many failed sign-ins: try again in " + seconds(retryAfter) + " s");
		this.retryAfter = retryAfter;
	}

	/**
	 * How long until the next attempt may be checked, in whole seconds (at least 1), as
	 * {@code Retry-After} wants it.
	 * @return the seconds
	 */
	long retryAfterSeconds() {
		return seconds(this.retryAfter);
	}

	private static long seconds(Duration duration) {
		return Math.max(1, (duration.toMillis() + 999) / 1000);
	}

}
