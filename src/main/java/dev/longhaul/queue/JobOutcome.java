package dev.longhaul.queue;

import java.time.Duration;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What became of a job, or of one step of a multi-step job: returned by
 * {@link JobHandler#run}, or thrown inside a {@link JobOutcomeException}. The engine
 * handles every {@link Kind} in one exhaustive {@code switch}.
 */
public sealed interface JobOutcome {

	/**
	 * Which outcome this is, for an exhaustive {@code switch} on Java 17.
	 * @return the kind
	 */
	Kind kind();

	/**
	 * Why this try failed, for a {@link Retry} or a {@link Fail}: what marks the run's
	 * span as an error.
	 * @return the reason of a failed try, or {@code null} for any other outcome
	 */
	default @Nullable String failure() {
		return null;
	}

	/**
	 * The job is done.
	 * @return the outcome, with no result
	 */
	static JobOutcome done() {
		return new Done(null);
	}

	/**
	 * The job is done and produced a result, kept in its {@code result} column.
	 * @param result such as a Message-ID, at most 2000 characters
	 * @return the outcome
	 */
	static JobOutcome done(@Nullable String result) {
		return new Done(result);
	}

	/**
	 * This try failed, another may succeed: a counted try, retried after the type's
	 * backoff, or {@link JobStatus#DEAD} if it was the last.
	 * @param reason why, kept as the job's last error
	 * @return the outcome
	 */
	static JobOutcome retry(String reason) {
		return new Retry(reason, null);
	}

	/**
	 * Like {@link #retry(String)}, after the given delay instead of the backoff (a
	 * server's {@code Retry-After}).
	 * @param reason why, kept as the job's last error
	 * @param delay when to try again
	 * @return the outcome
	 */
	static JobOutcome retry(String reason, Duration delay) {
		return new Retry(reason, delay);
	}

	/**
	 * The job cannot succeed: {@link JobStatus#DEAD} at once, whatever attempts are left.
	 * @param reason why, kept as the job's last error
	 * @return the outcome
	 */
	static JobOutcome fail(String reason) {
		return new Fail(reason);
	}

	/**
	 * Not now: the job goes back to the queue, due after the delay, without counting a
	 * try; its progress stays.
	 * @param delay how long to wait
	 * @return the outcome
	 */
	static JobOutcome snooze(Duration delay) {
		return new Snooze(delay, null);
	}

	/**
	 * Like {@link #snooze(Duration)}, noting why as the job's last error.
	 * @param delay how long to wait
	 * @param reason why
	 * @return the outcome
	 */
	static JobOutcome snooze(Duration delay, String reason) {
		return new Snooze(delay, reason);
	}

	/**
	 * A step of a multi-step job is done: the engine stores the progress (which also
	 * extends the lease) and runs the next step, unless the executor is stopping (the job
	 * goes back to the queue with its progress, without counting a try) or someone asked
	 * to cancel the job (it ends {@link JobStatus#CANCELLED}).
	 * @param progress what the next step starts from, stored as JSON; read it with
	 * {@link JobContext#progress(Class)}
	 * @return the outcome
	 */
	static JobOutcome continueWith(Object progress) {
		return new Continue(progress);
	}

	/**
	 * Something every job of the queue needs is down (a mail server refusing
	 * connections): no fault of this job, which goes back to the queue without counting a
	 * try, noting why. The queue's worker fails its next round with the reason, so it
	 * backs off instead of trying job after job, and its health says why.
	 * @param reason why
	 * @return the outcome
	 */
	static JobOutcome unavailable(String reason) {
		return new Unavailable(reason, false);
	}

	/**
	 * Like {@link #unavailable(String)} for a configuration error that waiting cannot fix
	 * (rejected credentials): the queue's worker pauses itself until an operator resumes
	 * it.
	 * @param reason why, and what to fix
	 * @return the outcome
	 */
	static JobOutcome pauseQueue(String reason) {
		return new Unavailable(reason, true);
	}

	/**
	 * The job is done.
	 *
	 * @param result what it produced, or {@code null}
	 */
	record Done(@Nullable String result) implements JobOutcome {

		@Override
		public Kind kind() {
			return Kind.DONE;
		}

	}

	/**
	 * A counted try that failed, to be retried unless it was the last.
	 *
	 * @param reason why
	 * @param delay when to try again, or {@code null} for the type's backoff
	 */
	record Retry(String reason, @Nullable Duration delay) implements JobOutcome {

		@Override
		public Kind kind() {
			return Kind.RETRY;
		}

		@Override
		public String failure() {
			return this.reason;
		}

		public Retry {
			Assert.isTrue(delay == null || !delay.isNegative(), "delay must not be negative");
		}

	}

	/**
	 * A permanent failure.
	 *
	 * @param reason why
	 */
	record Fail(String reason) implements JobOutcome {

		@Override
		public Kind kind() {
			return Kind.FAIL;
		}

		@Override
		public String failure() {
			return this.reason;
		}

	}

	/**
	 * Back to the queue for later, without counting a try.
	 *
	 * @param delay how long to wait
	 * @param reason why, or {@code null} to keep the last error as it is
	 */
	record Snooze(Duration delay, @Nullable String reason) implements JobOutcome {

		@Override
		public Kind kind() {
			return Kind.SNOOZE;
		}

		public Snooze {
			Assert.isTrue(!delay.isNegative(), "delay must not be negative");
		}

	}

	/**
	 * A step is done; run the next from this progress.
	 *
	 * @param progress the progress, stored as JSON
	 */
	record Continue(Object progress) implements JobOutcome {

		@Override
		public Kind kind() {
			return Kind.CONTINUE;
		}

	}

	/**
	 * A dependency of the whole queue is down.
	 *
	 * @param reason why
	 * @param pause whether the queue's worker pauses itself (a configuration error)
	 * rather than backing off
	 */
	record Unavailable(String reason, boolean pause) implements JobOutcome {

		@Override
		public Kind kind() {
			return Kind.UNAVAILABLE;
		}

	}

	/**
	 * The kinds of outcome.
	 */
	enum Kind {

		/** {@link Done}. */
		DONE,

		/** {@link Retry}. */
		RETRY,

		/** {@link Fail}. */
		FAIL,

		/** {@link Snooze}. */
		SNOOZE,

		/** {@link Continue}. */
		CONTINUE,

		/** {@link Unavailable}. */
		UNAVAILABLE;

		private final String tag = name().toLowerCase(Locale.ROOT);

		/**
		 * The kind as a metric and observation tag value ({@code outcome} of
		 * {@code longhaul.jobs.runs} and {@code longhaul.jobs.execution}): its name in
		 * lower case, which dashboards and alert rules name.
		 * @return the tag value
		 */
		public String tag() {
			return this.tag;
		}

	}

}
