package dev.longhaul.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

import dev.longhaul.config.LifecyclePhases;

/**
 * A background worker on its own named thread, started and stopped with the application
 * context. A round that throws is logged, counted and backed off, and the worker goes on
 * (see {@link ErrorPolicy}); a stop lets the current round finish, and interrupts it only
 * when it outlives the worker's shutdown timeout.
 * <p>
 * This class is the worker's state machine ({@link WorkerState}) and its public face; the
 * thread's loop is a {@link RunUntilStopped}, one per run, which reports back through
 * {@link #awaitTurn()}, {@link #pauseOnError} and {@link #finish}.
 * <p>
 * Thread-safe: control methods ({@link #pause}, {@link #resume}, {@link #trigger}) and
 * {@link #snapshot()} may be called from any thread. The comments above the fields say
 * which threads write each group.
 */
public abstract sealed class Worker implements SmartLifecycle permits LoopWorker, TimerWorker {

	/**
	 * After the shutdown timeout, how long an interrupted round gets to end before its
	 * stop completes anyway.
	 */
	public static final Duration INTERRUPT_GRACE = Duration.ofSeconds(1);

	/**
	 * The MDC key of the worker's name, set on its thread for as long as it runs, so that
	 * structured logs ({@code logging.structured.format.console}) tell whose round logged
	 * a line.
	 */
	public static final String LOG_WORKER = "worker";

	private static final Logger logger = LoggerFactory.getLogger(Worker.class);

	// Fixed at construction.
	private final String name;

	final WorkerSettings settings;

	final Clock clock;

	private final WorkerObserver observer;

	private final ApplicationTerminator terminator;

	// Any thread: the lock guards the state machine; its one condition is signalled on
	// every change, and the waiter and the stop request wait and signal on it too.
	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final Waiter waiter;

	private final StopRequest stopRequest;

	// Guarded by lock: written by the callers of start, stop, pause and resume, and by
	// the worker's thread (pauseOnError, finish).
	private WorkerState state = WorkerState.NEW;

	private @Nullable String pauseReason;

	private @Nullable Thread thread;

	private CompletableFuture<Void> terminated = CompletableFuture.completedFuture(null);

	private boolean pausedOnError;

	// Written under lock (by start and the first stop request), read by any.
	private volatile @Nullable StopWatchdog lastStop;

	// Written by the worker's thread only, read by any (see RoundStatistics).
	private final RoundStatistics statistics = new RoundStatistics();

	// Used by the worker's thread only, by one run after another: a restart budget spans
	// runs, so it is not made anew by start (see FailurePolicy).
	private final FailurePolicy failurePolicy;

	Worker(String name, WorkerSettings settings, Clock clock, WorkerObserver observer,
			ApplicationTerminator terminator) {
		this.name = Objects.requireNonNull(name, "name");
		this.settings = settings;
		this.clock = clock;
		this.observer = observer;
		this.terminator = terminator;
		this.failurePolicy = new FailurePolicy(name, settings);
		this.waiter = new Waiter(this.lock, this.changed, clock);
		this.stopRequest = new StopRequest(this.lock, this.changed);
	}

	/**
	 * The worker's name, as in {@code longhaul.workers.<name>}, logs, metrics and its
	 * thread's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The settings the worker runs with.
	 * @return the resolved settings
	 */
	public WorkerSettings settings() {
		return this.settings;
	}

	/**
	 * The current state.
	 * @return the state
	 */
	public WorkerState state() {
		this.lock.lock();
		try {
			return this.state;
		}
		finally {
			this.lock.unlock();
		}
	}

	// Lifecycle

	@Override
	public void start() {
		this.lock.lock();
		try {
			if (this.state.isActive()) {
				return;
			}
			if (!this.settings.enabled()) {
				logger.info("Worker '{}' is disabled (longhaul.workers.{}.enabled=false)", this.name, this.name);
				return;
			}
			if (this.thread != null && this.thread.isAlive()) {
				throw new IllegalStateException(
						"Worker '" + this.name + "' cannot start: its previous run is still ending");
			}
			this.pausedOnError = false;
			this.stopRequest.clear();
			this.waiter.reset();
			this.pauseReason = null;
			this.lastStop = null;
			this.terminated = new CompletableFuture<>();
			this.state = WorkerState.RUNNING;
			Thread thread = new Thread(new RunUntilStopped(this, this.waiter, this.stopRequest, this.statistics,
					this.failurePolicy, this.observer, this.terminator), this.name);
			thread.setDaemon(true);
			this.thread = thread;
			thread.start();
		}
		finally {
			this.lock.unlock();
		}
		logger.info("Worker '{}' started ({} style, {})", this.name, style(), describeSchedule());
	}

	/**
	 * Asks the worker to stop and returns at once: the current round finishes (or is
	 * interrupted once it outlives the shutdown timeout), then {@code callback} runs,
	 * exactly once.
	 * @param callback run when the worker has stopped
	 */
	@Override
	public void stop(Runnable callback) {
		StopWatchdog watchdog = null;
		CompletableFuture<Void> stopped;
		this.lock.lock();
		try {
			if (!this.state.isActive()) {
				stopped = CompletableFuture.completedFuture(null);
			}
			else {
				if (this.state != WorkerState.STOPPING) {
					this.state = WorkerState.STOPPING;
					this.stopRequest.request();
					watchdog = new StopWatchdog(this.name, this.thread, this.terminated,
							this.settings.shutdownTimeout(), INTERRUPT_GRACE);
					this.lastStop = watchdog;
				}
				stopped = Objects.requireNonNull(this.lastStop, "lastStop").stopped();
			}
		}
		finally {
			this.lock.unlock();
		}
		if (watchdog != null) {
			watchdog.start();
		}
		stopped.whenComplete((ignored, ex) -> callback.run());
	}

	@Override
	public void stop() {
		CompletableFuture<Void> done = new CompletableFuture<>();
		stop(() -> done.complete(null));
		done.join();
	}

	/**
	 * Whether the worker's thread is alive: running, paused or stopping.
	 * @return {@code true} until a stop completes or the worker failed
	 */
	@Override
	public boolean isRunning() {
		return state().isActive();
	}

	@Override
	public boolean isAutoStartup() {
		return this.settings.enabled();
	}

	/** {@link LifecyclePhases#WORKERS}: all workers stop together. */
	@Override
	public int getPhase() {
		return LifecyclePhases.WORKERS;
	}

	// Control

	/**
	 * Pauses the worker: the current round finishes, no new round starts until
	 * {@link #resume()}.
	 * @param reason why, shown in the snapshot and health
	 * @throws IllegalWorkerStateException if the worker is not running
	 */
	public void pause(String reason) {
		this.lock.lock();
		try {
			if (this.state != WorkerState.RUNNING) {
				throw new IllegalWorkerStateException(this.name, this.state, "pause");
			}
			this.state = WorkerState.PAUSED;
			this.pauseReason = reason;
			this.pausedOnError = false;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		logger.info("Worker '{}' paused: {}", this.name, reason);
	}

	/**
	 * Resumes a paused worker; a round that fell due meanwhile runs at once.
	 * @throws IllegalWorkerStateException if the worker is not paused
	 */
	public void resume() {
		this.lock.lock();
		try {
			if (this.state != WorkerState.PAUSED) {
				throw new IllegalWorkerStateException(this.name, this.state, "resume");
			}
			this.state = WorkerState.RUNNING;
			this.pauseReason = null;
			this.pausedOnError = false;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		logger.info("Worker '{}' resumed", this.name);
	}

	/**
	 * Runs a round now, cutting short any wait, a backoff included; if a round is
	 * running, the next starts as soon as it ends. Rounds never overlap.
	 * @throws IllegalWorkerStateException if the worker is not running
	 */
	public void trigger() {
		this.lock.lock();
		try {
			if (this.state != WorkerState.RUNNING) {
				throw new IllegalWorkerStateException(this.name, this.state, "trigger");
			}
			this.waiter.trigger();
		}
		finally {
			this.lock.unlock();
		}
		logger.info("Worker '{}' triggered", this.name);
	}

	/**
	 * Ends an idle wait at once; a signal that arrives while a round runs makes the next
	 * round start without waiting, so it is never lost. Does not shorten a backoff after
	 * a failure. Cheap: call it on every new piece of work.
	 */
	void signalWork() {
		this.waiter.signalWork();
	}

	// Observation

	/**
	 * A consistent view of the worker's state and statistics.
	 * @return the snapshot
	 */
	public WorkerSnapshot snapshot() {
		WorkerState state;
		String pauseReason;
		boolean pausedOnError;
		Instant nextRun;
		boolean threadDied;
		this.lock.lock();
		try {
			state = this.state;
			pauseReason = this.pauseReason;
			pausedOnError = state == WorkerState.PAUSED && this.pausedOnError;
			nextRun = this.waiter.nextRun();
			Thread thread = this.thread;
			threadDied = (state == WorkerState.RUNNING || state == WorkerState.PAUSED) && thread != null
					&& !thread.isAlive();
		}
		finally {
			this.lock.unlock();
		}
		RoundStatistics statistics = this.statistics;
		boolean inProgress = statistics.roundInProgress();
		Instant roundStart = statistics.lastRoundStart();
		boolean stalled = threadDied || (inProgress && roundStart != null && state != WorkerState.STOPPING
				&& Duration.between(roundStart, this.clock.instant()).compareTo(this.settings.stallAfter()) > 0);
		return new WorkerSnapshot(this.name, style(), state, this.settings.enabled(), this.settings.critical(),
				describeSchedule(), pauseReason, pausedOnError, statistics.rounds(), statistics.failures(),
				statistics.consecutiveFailures(), statistics.skippedTicks(), statistics.restarts(), inProgress, stalled,
				roundStart, statistics.lastRoundEnd(), statistics.lastRoundMillis(), statistics.lastSuccess(),
				statistics.lastError(), inProgress ? null : nextRun);
	}

	/**
	 * How long the last stop took, from request to completion.
	 * @return the duration, or {@code null} if the worker has not stopped yet
	 */
	public @Nullable Duration lastStopDuration() {
		StopWatchdog lastStop = this.lastStop;
		return (lastStop != null) ? lastStop.took() : null;
	}

	/**
	 * Whether the last stop had to interrupt a round that outlived the shutdown timeout.
	 * @return {@code true} if it did
	 */
	public boolean wasInterruptedAtStop() {
		StopWatchdog lastStop = this.lastStop;
		return lastStop != null && lastStop.interrupted();
	}

	// For subclasses

	/** {@code loop} or {@code timer}. */
	abstract String style();

	/** The schedule or idle delay, for logs and snapshots. */
	abstract String describeSchedule();

	/** When the first round is due after a start at {@code now}. */
	abstract Instant firstRoundAt(Instant now);

	/** Runs one round of the task. */
	abstract @Nullable RoundResult runTask(StopToken stopToken) throws Exception;

	/**
	 * Schedules the next round after a successful one that was due at {@code due} and
	 * ended at {@code end}.
	 */
	abstract void scheduleAfterSuccess(@Nullable RoundResult result, Instant due, Instant end);

	/** When to run again after a failed round, given the backoff. */
	abstract Instant retryAt(Instant due, Instant end, Duration backoff);

	abstract WorkerTask task();

	/**
	 * Sets when the next round is due.
	 * @param at the time it is due
	 * @param wakeable whether {@link #signalWork()} ends the wait early
	 */
	final void scheduleAt(Instant at, boolean wakeable) {
		this.waiter.scheduleAt(at, wakeable);
	}

	final void countSkippedTicks(long count) {
		if (count > 0) {
			this.statistics.ticksSkipped(count);
			this.observer.ticksSkipped(this, count);
			logger.debug("Worker '{}' skipped {} tick(s): the previous tick was still running", this.name, count);
		}
	}

	// The worker's thread: its side of the state machine, called by RunUntilStopped

	/**
	 * Waits until the next round is due, triggered or (if the wait is wakeable)
	 * signalled; stays while paused.
	 * @return {@code false} if the worker is stopping
	 */
	final boolean awaitTurn() {
		this.lock.lock();
		try {
			while (!this.stopRequest.isStopRequested()) {
				if (this.state == WorkerState.PAUSED) {
					this.changed.await();
				}
				else if (this.waiter.awaitDue()) {
					return true;
				}
			}
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * A round paused its own worker ({@link PauseWorkerException}); an operator resumes
	 * it. No effect unless the worker is running (a stop or an operator's pause came
	 * first).
	 * @param reason why, shown in the snapshot and health
	 */
	final void pauseOnError(@Nullable String reason) {
		this.lock.lock();
		try {
			if (this.state == WorkerState.RUNNING) {
				this.state = WorkerState.PAUSED;
				this.pauseReason = reason;
				this.pausedOnError = true;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The worker's thread has left its loop, its task torn down: the worker is
	 * {@link WorkerState#STOPPED}, or {@link WorkerState#FAILED}, and its stop (if one is
	 * under way) completes.
	 * @param failed whether the run ended in failure
	 */
	final void finish(boolean failed) {
		CompletableFuture<Void> terminated;
		this.lock.lock();
		try {
			this.state = failed ? WorkerState.FAILED : WorkerState.STOPPED;
			this.waiter.clear();
			terminated = this.terminated;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		if (failed) {
			logger.error("Worker '{}' is FAILED and runs no more rounds", this.name);
		}
		terminated.complete(null);
	}

	/**
	 * A duration for people: {@code 250ms}, {@code 1.5s}, {@code 5m}, {@code 1h30m}; for
	 * other features' log lines and messages, written as the workers' own.
	 * @param duration the duration
	 * @return the duration, to the millisecond
	 */
	public static String format(Duration duration) {
		return Durations.format(duration);
	}

}
