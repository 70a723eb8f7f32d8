package dev.longhaul.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What a worker's thread does from a start to the end of that run (db-scheduler's
 * {@code RunUntilShutdown}): sets the task up, runs a round each time the worker gives it
 * a turn, hands each failure to the {@link FailurePolicy} and carries out its decision,
 * tears the task down, and reports the end to the worker. It never dies unnoticed: if its
 * own machinery throws outside a round, the worker is marked {@link WorkerState#FAILED}.
 * <p>
 * One per run, confined to that run's thread: made by {@link Worker#start()} and handed
 * over by {@link Thread#start()}, so its own fields are unguarded. Everything other
 * threads see of the run goes through the worker's lock (its state:
 * {@link Worker#awaitTurn}, {@link Worker#pauseOnError}, {@link Worker#finish}), the
 * {@link Waiter} and the {@link RoundStatistics}. The {@link FailurePolicy} outlives the
 * run (a restart budget spans runs); it is only ever used by the one live run's thread.
 */
final class RunUntilStopped implements Runnable {

	// The worker's logger, so that these lines read as the worker's own.
	private static final Logger logger = LoggerFactory.getLogger(Worker.class);

	private final Worker worker;

	private final Waiter waiter;

	private final StopToken stopToken;

	private final RoundStatistics statistics;

	private final FailurePolicy failurePolicy;

	private final WorkerObserver observer;

	private final ApplicationTerminator terminator;

	private final Clock clock;

	// Confined to the run's thread.
	private boolean failed;

	/**
	 * Makes the body of one run of a worker's thread.
	 * @param worker the worker whose rounds it runs and whose state it reports to
	 * @param waiter the worker's waiter, told when a round starts
	 * @param stopToken the worker's stop token, given to every round
	 * @param statistics where rounds and failures are recorded
	 * @param failurePolicy decides what a failure leads to
	 * @param observer told of rounds, failed set-ups and restarts
	 * @param terminator closes the application under {@link ErrorPolicy#STOP_APPLICATION}
	 */
	RunUntilStopped(Worker worker, Waiter waiter, StopToken stopToken, RoundStatistics statistics,
			FailurePolicy failurePolicy, WorkerObserver observer, ApplicationTerminator terminator) {
		this.worker = worker;
		this.waiter = waiter;
		this.stopToken = stopToken;
		this.statistics = statistics;
		this.failurePolicy = failurePolicy;
		this.observer = observer;
		this.terminator = terminator;
		this.clock = worker.clock;
	}

	/**
	 * Runs rounds until the worker stops or fails, then tears the task down (if it was
	 * set up) and reports the end to the worker, exactly once.
	 */
	@Override
	public void run() {
		boolean taskStarted = false;
		MDC.put(Worker.LOG_WORKER, this.worker.name());
		try {
			this.worker.scheduleAt(this.worker.firstRoundAt(this.clock.instant()), false);
			while (this.worker.awaitTurn()) {
				if (!taskStarted) {
					Step step = startTask();
					if (step == Step.END) {
						break;
					}
					if (step == Step.RESTART) {
						continue;
					}
					taskStarted = true;
				}
				Step step = runRound();
				if (step == Step.END) {
					break;
				}
				if (step == Step.RESTART) {
					stopTask();
					taskStarted = false;
				}
			}
		}
		catch (Throwable ex) {
			logger.error("Worker '{}' failed unexpectedly in its runtime; marking it FAILED", this.worker.name(), ex);
			this.failed = true;
		}
		finally {
			if (taskStarted) {
				stopTask();
			}
			this.worker.finish(this.failed);
			MDC.clear();
		}
	}

	private Step startTask() {
		try {
			this.worker.task().onStart();
			return Step.NEXT;
		}
		catch (Exception | Error ex) {
			Instant now = this.clock.instant();
			this.observer.setUpFailed(this.worker, ex);
			Step step = handleFailure(ex, now, now);
			return (step == Step.END) ? Step.END : Step.RESTART;
		}
	}

	private void stopTask() {
		try {
			this.worker.task().onStop();
		}
		catch (Exception ex) {
			logger.warn("Worker '{}' failed to tear down its task: {}", this.worker.name(), ex.toString());
		}
	}

	private Step runRound() {
		Instant start = this.clock.instant();
		Instant due = this.waiter.roundStarting(start);
		this.statistics.roundStarted(start);
		long startNanos = System.nanoTime();
		Throwable failure = null;
		RoundResult result = null;
		try {
			result = this.worker.runTask(this.stopToken);
		}
		catch (WorkerStoppingException ex) {
			if (!this.stopToken.isStopRequested()) {
				failure = ex;
			}
		}
		catch (InterruptedException ex) {
			if (this.stopToken.isStopRequested()) {
				Thread.currentThread().interrupt();
			}
			else {
				failure = ex;
			}
		}
		catch (Exception | Error ex) {
			failure = ex;
		}
		Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
		Instant end = this.clock.instant();
		this.statistics.roundEnded(end, took);
		this.observer.roundEnded(this.worker, took, failure);
		if (failure != null) {
			return handleFailure(failure, due, end);
		}
		int failedBefore = this.statistics.succeeded(end);
		if (failedBefore > 0) {
			logger.info("Worker '{}' recovered after {} failed round(s)", this.worker.name(), failedBefore);
		}
		this.failurePolicy.recovered();
		this.worker.scheduleAfterSuccess(result, due, end);
		return Step.NEXT;
	}

	private Step handleFailure(Throwable failure, Instant due, Instant at) {
		int attempt = this.statistics.failed(failure, at);
		FailurePolicy.Decision decision = this.failurePolicy.onFailure(failure, attempt, at);
		return switch (decision.action()) {
			case RETRY -> {
				this.worker.scheduleAt(this.worker.retryAt(due, at, decision.backoff()), false);
				yield Step.NEXT;
			}
			case RESTART -> {
				this.statistics.restarted();
				this.observer.restarted(this.worker);
				this.worker.scheduleAt(at.plus(decision.backoff()), false);
				yield Step.RESTART;
			}
			case PAUSE -> {
				this.worker.pauseOnError(failure.getMessage());
				this.worker.scheduleAt(at, false);
				yield Step.NEXT;
			}
			case STOP_WORKER -> {
				this.failed = true;
				yield Step.END;
			}
			case STOP_APPLICATION -> {
				this.failed = true;
				this.terminator.terminate("worker '" + this.worker.name() + "' failed: " + failure);
				yield Step.END;
			}
		};
	}

	/** What the loop does after a set-up or a round. */
	private enum Step {

		/** Go on with the next round. */
		NEXT,

		/** Tear the task down and set it up again before the next round. */
		RESTART,

		/** Leave the loop. */
		END

	}

}
