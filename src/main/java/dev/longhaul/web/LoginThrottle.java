package dev.longhaul.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts failed sign-ins per user name (case-insensitive, as users are looked up) and per
 * client address within a fixed window, and says when either has failed too often: the
 * next attempts are then refused until the window ends, without a password check. Logs
 * one line when a name or address starts being refused, not one per attempt. Bounded:
 * counters of names and addresses that stop failing expire after a window, and at most
 * {@value #MAX_KEYS} are kept. Thread-safe.
 */
final class LoginThrottle {

	private static final Logger logger = LoggerFactory.getLogger(LoginThrottle.class);

	static final int MAX_KEYS = 100_000;

	private static final int MAX_LOGGED_NAME = 64;

	private final LoginThrottleProperties properties;

	private final Clock clock;

	private final Cache<String, Failures> failures;

	LoginThrottle(LoginThrottleProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
		this.failures = Caffeine.newBuilder()
			.maximumSize(MAX_KEYS)
			.expireAfterWrite(properties.window())
			.ticker(CachedCredentials.ticker(clock))
			.executor(Runnable::run)
			.build();
	}

	/**
	 * Whether an attempt may be checked now.
	 * @param user the user name as given
	 * @param address the client's address, if known
	 * @return how long the caller must wait, or {@code null} when the attempt may be
	 * checked
	 */
	@Nullable Duration refusal(String user, @Nullable String address) {
		Instant now = this.clock.instant();
		Duration wait = wait(userKey(user), this.properties.maxFailuresPerUser(), now);
		if (address != null) {
			Duration addressWait = wait(addressKey(address), this.properties.maxFailuresPerAddress(), now);
			if (addressWait != null && (wait == null || addressWait.compareTo(wait) > 0)) {
				wait = addressWait;
			}
		}
		return wait;
	}

	/**
	 * Records a failed attempt.
	 * @param user the user name as given
	 * @param address the client's address, if known
	 */
	void failed(String user, @Nullable String address) {
		count(userKey(user), this.properties.maxFailuresPerUser(), "user '" + printable(user) + "'");
		if (address != null) {
			count(addressKey(address), this.properties.maxFailuresPerAddress(), "address " + printable(address));
		}
	}

	/**
	 * Records a successful attempt: the name's failures are forgotten (not the address's,
	 * or one valid account would reset the count of guesses at others).
	 * @param user the user name as given
	 */
	void succeeded(String user) {
		this.failures.invalidate(userKey(user));
	}

	private @Nullable Duration wait(String key, int max, Instant now) {
		Failures counted = this.failures.getIfPresent(key);
		if (counted == null || counted.count() < max) {
			return null;
		}
		Instant end = counted.since().plus(this.properties.window());
		return now.isBefore(end) ? Duration.between(now, end) : null;
	}

	private void count(String key, int max, String who) {
		Instant now = this.clock.instant();
		Failures counted = this.failures.asMap().compute(key, (k, previous) -> {
			if (previous == null || !now.isBefore(previous.since().plus(this.properties.window()))) {
				return new Failures(now, 1);
			}
			return new Failures(previous.since(), previous.count() + 1);
		});
		if (counted.count() == max) {
			logger.warn("{} failed sign-ins for {} within {}: refusing its sign-ins until {}", max, who,
					this.properties.window(), counted.since().plus(this.properties.window()));
		}
	}

	private static String userKey(String user) {
		String name = user.toLowerCase(Locale.ROOT);
		// Configured names are short; a longer one cannot be a user, only a key to bound.
		return "user:" + ((name.length() > 256) ? name.substring(0, 256) : name);
	}

	private static String addressKey(String address) {
		return "address:" + address;
	}

	/** A name as it may go into a log line: no line breaks or control characters. */
	private static String printable(String text) {
		String shown = (text.length() > MAX_LOGGED_NAME) ? text.substring(0, MAX_LOGGED_NAME) + "..." : text;
		return shown.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]", "?");
	}

	private record Failures(Instant since, int count) {
	}

}
