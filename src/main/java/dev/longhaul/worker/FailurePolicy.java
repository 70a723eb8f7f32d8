package dev.longhaul.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a failed round or task set-up leads to, by the worker's
 * {@link ErrorPolicy}: a retry after a {@link Backoff}, a restart within the restart
 * budget ({@code max-restarts} in a sliding {@code restart-window}), a pause, or the end
 * of the worker. Logs each failure once, with context: the stack trace on its first
 * occurrence, one line per repeat of the same error.
 * <p>
 * Confined to the worker's thread, which alone calls it; its restart history and last
 * failure are unguarded.
 */
final class FailurePolicy {

	// The worker's logger, so that these lines read as the worker's own.
	private static final Logger logger = LoggerFactory.getLogger(Worker.class);

	private final String workerName;

	private final WorkerSettings settings;

	private final Deque<Instant> recentRestarts = new ArrayDeque<>();

	private @Nullable String lastFailureSignature;

	FailurePolicy(String workerName, WorkerSettings settings) {
		this.workerName = workerName;
		this.settings = settings;
	}

	/**
	 * Decides what a failure leads to, logs it, and spends one restart of the budget when
	 * the decision is a restart.
	 * @param failure what the round or the set-up threw
	 * @param attempt failures in a row, this one included, from 1
	 * @param at when it failed; the restart budget's window ends here
	 * @return the decision
	 */
	Decision onFailure(Throwable failure, int attempt, Instant at) {
		String name = this.workerName;
		ErrorPolicy policy = this.settings.onError();
		if (failure instanceof PauseWorkerException) {
			logger.error("Worker '{}' pauses itself until an operator resumes it: {}", name, failure.getMessage(),
					failure.getCause());
			return Decision.PAUSE;
		}
		if (failure instanceof Error) {
			logger.error("Worker '{}' hit a fatal error (attempt {}); marking it FAILED", name, attempt, failure);
			return Decision.failed(policy);
		}
		switch (policy) {
			case CONTINUE -> {
				Duration backoff = this.settings.backoff().delay(attempt);
				logFailure(failure, attempt, "next round in " + Durations.format(backoff));
				return new Decision(Action.RETRY, backoff);
			}
			case RESTART -> {
				Duration window = this.settings.restartWindow();
				while (!this.recentRestarts.isEmpty() && !this.recentRestarts.peekFirst().isAfter(at.minus(window))) {
					this.recentRestarts.removeFirst();
				}
				if (this.recentRestarts.size() >= this.settings.maxRestarts()) {
					logger.error(
							"Worker '{}' failed (attempt {}) after {} restart(s) within {}; restart budget spent, "
									+ "marking it FAILED",
							name, attempt, this.recentRestarts.size(), Durations.format(window), failure);
					return Decision.failed(policy);
				}
				this.recentRestarts.addLast(at);
				Duration backoff = this.settings.backoff().delay(attempt);
				logFailure(failure, attempt,
						"restarting it in " + Durations.format(backoff) + " (restart " + this.recentRestarts.size()
								+ " of " + this.settings.maxRestarts() + " allowed within " + Durations.format(window)
								+ ")");
				return new Decision(Action.RESTART, backoff);
			}
			case STOP_WORKER, STOP_APPLICATION -> {
				logger.error("Worker '{}' failed (attempt {}); on-error={}, marking it FAILED", name, attempt,
						policy.name().toLowerCase().replace('_', '-'), failure);
				return Decision.failed(policy);
			}
		}
		throw new IllegalStateException("Unknown policy " + policy);
	}

	/**
	 * A round succeeded: the next failure is logged with its stack trace again, even if
	 * it is the same error as the last.
	 */
	void recovered() {
		this.lastFailureSignature = null;
	}

	/**
	 * First occurrence of an error with its stack trace, repeats of the same error as one
	 * line each.
	 */
	private void logFailure(Throwable failure, int attempt, String next) {
		String signature = failure.getClass().getName() + ": " + failure.getMessage();
		if (signature.equals(this.lastFailureSignature)) {
			logger.warn("Worker '{}' round failed again (attempt {}, same error): {}; {}", this.workerName, attempt,
					failure.toString(), next);
		}
		else {
			this.lastFailureSignature = signature;
			logger.warn("Worker '{}' round failed (attempt {}); {}", this.workerName, attempt, next, failure);
		}
	}

	/** What the worker does after a failure. */
	enum Action {

		/** Back off, then run the next round with the same task. */
		RETRY,

		/** Tear the task down, back off, set it up again before the next round. */
		RESTART,

		/** Pause the worker until an operator resumes it. */
		PAUSE,

		/** Mark the worker {@link WorkerState#FAILED}; the application lives on. */
		STOP_WORKER,

		/** Mark the worker {@link WorkerState#FAILED} and terminate the application. */
		STOP_APPLICATION

	}

	/**
	 * A decision after a failure.
	 *
	 * @param action what the worker does
	 * @param backoff how long it waits first ({@link Action#RETRY} and
	 * {@link Action#RESTART}; zero otherwise)
	 */
	record Decision(Action action, Duration backoff) {

		static final Decision PAUSE = new Decision(Action.PAUSE, Duration.ZERO);

		/** The worker ends: the application too if its policy says so. */
		static Decision failed(ErrorPolicy policy) {
			return new Decision((policy == ErrorPolicy.STOP_APPLICATION) ? Action.STOP_APPLICATION : Action.STOP_WORKER,
					Duration.ZERO);
		}

	}

}
