package dev.longhaul.worker;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import org.springframework.util.Assert;

/**
 * Exponential backoff with jitter, capped: attempt {@code n} waits
 * {@code min(max, initial × multiplier^(n-1))}, shortened by a random share of up to
 * {@code jitter} so that many instances do not retry in step.
 *
 * @param initial the delay after the first failure
 * @param max the longest delay
 * @param multiplier growth per failure, at least 1
 * @param jitter share of the delay taken off at random, from 0 (none) to 1
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {

	/** One second, doubling up to five minutes, with 20 % jitter. */
	public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), 2.0, 0.2);

	public Backoff {
		Assert.isTrue(initial.compareTo(Duration.ZERO) > 0, "initial must be positive");
		Assert.isTrue(max.compareTo(initial) >= 0, "max must not be shorter than initial");
		Assert.isTrue(multiplier >= 1.0, "multiplier must be at least 1");
		Assert.isTrue(jitter >= 0.0 && jitter <= 1.0, "jitter must be between 0 and 1");
	}

	/**
	 * The delay before the next try.
	 * @param attempt the number of consecutive failures so far, from 1
	 * @return the delay, never longer than {@link #max()}
	 */
	public Duration delay(int attempt) {
		return delay(attempt, () -> ThreadLocalRandom.current().nextDouble());
	}

	Duration delay(int attempt, DoubleSupplier random) {
		double exponential = this.initial.toNanos() * Math.pow(this.multiplier, Math.max(0, attempt - 1));
		double capped = Math.min(exponential, this.max.toNanos());
		double jittered = capped * (1.0 - this.jitter * random.getAsDouble());
		return Duration.ofNanos(Math.max(1, (long) jittered));
	}

}
