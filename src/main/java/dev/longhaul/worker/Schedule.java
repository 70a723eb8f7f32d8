package dev.longhaul.worker;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.springframework.scheduling.support.CronExpression;
import org.springframework.util.Assert;

/**
 * When a {@link TimerWorker} ticks: at a fixed rate, with a fixed delay between ticks, or
 * on a cron expression.
 */
public sealed interface Schedule {

	/**
	 * Ticks every {@code period}, measured from the start of one tick to the start of the
	 * next; ticks that would overlap a running one are skipped and counted.
	 * @param period time between tick starts
	 * @return the schedule
	 */
	static Schedule fixedRate(Duration period) {
		return new FixedRate(period);
	}

	/**
	 * Ticks {@code delay} after the previous tick ended.
	 * @param delay time between the end of one tick and the start of the next
	 * @return the schedule
	 */
	static Schedule fixedDelay(Duration delay) {
		return new FixedDelay(delay);
	}

	/**
	 * Ticks at the times a Spring cron expression names, in a time zone.
	 * @param expression six fields, as {@link CronExpression#parse(String)} takes
	 * @param zone the time zone the expression is read in
	 * @return the schedule
	 */
	static Schedule cron(String expression, ZoneId zone) {
		return new Cron(CronExpression.parse(expression), zone);
	}

	/**
	 * The first tick time after the worker starts.
	 * @param now the start time
	 * @param initialDelay the configured initial delay
	 * @return when to tick first
	 */
	Instant first(Instant now, Duration initialDelay);

	/**
	 * The next tick time after a tick that was due at {@code due} ended at {@code end};
	 * tick times that passed while the tick ran (strictly before {@code end}) are
	 * skipped, never queued up.
	 * @param due when the tick was due
	 * @param end when it ended
	 * @return the next tick time and how many were skipped
	 */
	Next next(Instant due, Instant end);

	/**
	 * The next tick time and how many tick times were skipped to get there.
	 *
	 * @param at the next tick time
	 * @param skipped tick times that passed while a tick was running
	 */
	record Next(Instant at, long skipped) {
	}

	/**
	 * Fixed rate: tick times on a grid {@code due + k × period}.
	 *
	 * @param period time between tick starts
	 */
	record FixedRate(Duration period) implements Schedule {

		public FixedRate {
			Assert.isTrue(period.compareTo(Duration.ZERO) > 0, "period must be positive");
		}

		@Override
		public Instant first(Instant now, Duration initialDelay) {
			return now.plus(initialDelay);
		}

		@Override
		public Next next(Instant due, Instant end) {
			long elapsed = Math.max(0, Duration.between(due, end).toNanos());
			long period = this.period.toNanos();
			long periods = Math.max(1, (elapsed + period - 1) / period);
			return new Next(due.plus(this.period.multipliedBy(periods)), periods - 1);
		}

		@Override
		public String toString() {
			return "fixed rate " + Durations.format(this.period);
		}

	}

	/**
	 * Fixed delay: the next tick starts {@code delay} after the previous one ended, so
	 * none is ever skipped.
	 *
	 * @param delay time between the end of one tick and the start of the next
	 */
	record FixedDelay(Duration delay) implements Schedule {

		public FixedDelay {
			Assert.isTrue(delay.compareTo(Duration.ZERO) > 0, "delay must be positive");
		}

		@Override
		public Instant first(Instant now, Duration initialDelay) {
			return now.plus(initialDelay);
		}

		@Override
		public Next next(Instant due, Instant end) {
			return new Next(end.plus(this.delay), 0);
		}

		@Override
		public String toString() {
			return "fixed delay " + Durations.format(this.delay);
		}

	}

	/**
	 * Cron: tick at the times the expression names, read in {@code zone}.
	 *
	 * @param expression the parsed cron expression
	 * @param zone its time zone
	 */
	record Cron(CronExpression expression, ZoneId zone) implements Schedule {

		/**
		 * Stop counting skipped times past this many (a tick that overran a per-second
		 * cron by days).
		 */
		private static final int MAX_COUNTED = 100_000;

		@Override
		public Instant first(Instant now, Duration initialDelay) {
			return after(now.plus(initialDelay));
		}

		@Override
		public Next next(Instant due, Instant end) {
			Instant next = after(due);
			long skipped = 0;
			while (next.isBefore(end) && skipped < MAX_COUNTED) {
				skipped++;
				next = after(next);
			}
			if (next.isBefore(end)) {
				next = after(end);
			}
			return new Next(next, skipped);
		}

		private Instant after(Instant instant) {
			var next = this.expression.next(instant.atZone(this.zone));
			Assert.state(next != null, () -> "Cron expression '" + this.expression + "' names no future time");
			return next.toInstant();
		}

		@Override
		public String toString() {
			return "cron '" + this.expression + "' " + this.zone;
		}

	}

}
