package dev.longhaul.queue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

import dev.longhaul.config.LifecyclePhases;
import dev.longhaul.worker.Backoff;

/**
 * Writes the acknowledgements of finished runs in groups, one transaction per group: a
 * group is written once {@code batch-size} have gathered or the oldest has waited
 * {@code flush-interval}, whichever comes first (River's batch completer). A durable
 * commit per group instead of per job is what lets a queue approach the database's limit.
 * <p>
 * When a group cannot be written (the database is unreachable) it is kept and written
 * again, with backoff, until the database returns, so an outage costs no lease wait;
 * while {@code max-pending} acknowledgements wait, executors block before adding more
 * (and so claim no more). A group that keeps failing while the database answers is
 * written row by row, and a row that fails alone is dropped with an error (its lease runs
 * out and the rescuer returns its job). A stop writes what is left before the data source
 * goes, trying for {@code stop-timeout} if the database is away. What is acknowledged but
 * not yet written when the process dies runs again: delivery is at least once.
 * <p>
 * Thread-safe; one thread, {@code job-completer}, writes.
 */
final class JobCompleter implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(JobCompleter.class);

	/** The most acknowledgements in one transaction. */
	static final int MAX_GROUP = 5_000;

	/** Failed writes of a group before the database is asked whether it answers. */
	private static final int FAILURES_BEFORE_PROBE = 3;

	private static final Backoff RETRY = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(2), 2.0, 0.2);

	private final JobLeases leases;

	private final JobThroughput throughput;

	private final Settings settings;

	private final BooleanSupplier databaseAnswers;

	private final JobObservations observations;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final Condition room = this.lock.newCondition();

	// Guarded by lock.
	private final ArrayDeque<Pending> pending = new ArrayDeque<>();

	private boolean stopping;

	private @Nullable Thread thread;

	private CompletableFuture<Void> stopped = CompletableFuture.completedFuture(null);

	/** Acknowledgements taken for writing and not yet written. */
	private volatile int writing;

	// Confined to the completer thread.
	private int failures;

	private long unreachableSince;

	private long stopDeadline;

	/**
	 * Creates the completer.
	 * @param leases the writes
	 * @param throughput counts each written success and failed try
	 * @param settings when to write a group, how many may wait
	 * @param databaseAnswers whether the database answers a trivial query now
	 */
	JobCompleter(JobLeases leases, JobThroughput throughput, Settings settings, BooleanSupplier databaseAnswers) {
		this(leases, throughput, settings, databaseAnswers, JobObservations.NONE);
	}

	/**
	 * Creates the completer, observing each group it writes.
	 * @param leases the writes
	 * @param throughput counts each written success and failed try
	 * @param settings when to write a group, how many may wait
	 * @param databaseAnswers whether the database answers a trivial query now
	 * @param observations observes each group written ({@code longhaul.jobs.completion})
	 */
	JobCompleter(JobLeases leases, JobThroughput throughput, Settings settings, BooleanSupplier databaseAnswers,
			JobObservations observations) {
		this.observations = observations;
		this.leases = leases;
		this.throughput = throughput;
		this.settings = settings;
		this.databaseAnswers = databaseAnswers;
	}

	/**
	 * Adds an acknowledgement to the next group; blocks while {@code max-pending} wait.
	 * Once the completer has stopped (or before it started), writes it at once instead.
	 * @param acknowledgement what to write
	 * @param written called, on the completer's thread, once it was written or dropped
	 * @throws InterruptedException if interrupted while waiting for room
	 */
	void submit(Acknowledgement acknowledgement, Consumer<Result> written) throws InterruptedException {
		Pending entry = new Pending(acknowledgement, written, System.nanoTime());
		this.lock.lock();
		try {
			if (this.thread != null) {
				while (this.pending.size() >= this.settings.maxPending() && this.thread != null) {
					this.room.await();
				}
				if (this.thread != null) {
					this.pending.addLast(entry);
					if (this.pending.size() == 1 || this.pending.size() >= this.settings.batchSize()) {
						this.changed.signalAll();
					}
					return;
				}
			}
		}
		finally {
			this.lock.unlock();
		}
		writeAlone(entry);
	}

	/**
	 * How many acknowledgements wait to be written.
	 * @return the count
	 */
	int pending() {
		this.lock.lock();
		try {
			return this.pending.size() + this.writing;
		}
		finally {
			this.lock.unlock();
		}
	}

	// Lifecycle: starts before the executors, stops after them.

	@Override
	public void start() {
		this.lock.lock();
		try {
			if (this.thread != null) {
				return;
			}
			this.stopping = false;
			this.stopped = new CompletableFuture<>();
			Thread thread = new Thread(this::run, "job-completer");
			thread.setDaemon(true);
			this.thread = thread;
			thread.start();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void stop(Runnable callback) {
		CompletableFuture<Void> stopped;
		this.lock.lock();
		try {
			if (this.thread != null && !this.stopping) {
				this.stopping = true;
				this.stopDeadline = System.nanoTime() + this.settings.stopTimeout().toNanos();
				this.changed.signalAll();
			}
			stopped = this.stopped;
		}
		finally {
			this.lock.unlock();
		}
		stopped.whenComplete((ignored, ex) -> callback.run());
	}

	@Override
	public void stop() {
		CompletableFuture<Void> done = new CompletableFuture<>();
		stop(() -> done.complete(null));
		done.join();
	}

	@Override
	public boolean isRunning() {
		this.lock.lock();
		try {
			return this.thread != null;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** {@link LifecyclePhases#JOB_COMPLETER}: after the executors. */
	@Override
	public int getPhase() {
		return LifecyclePhases.JOB_COMPLETER;
	}

	// The completer's thread

	private void run() {
		try {
			List<Pending> group;
			while ((group = nextGroup()) != null) {
				this.writing = group.size();
				Observation observation = this.observations.completion(group.size()).start();
				try {
					write(group);
				}
				catch (RuntimeException | Error ex) {
					observation.error(ex);
					logger.error("The job completer failed unexpectedly writing {} acknowledgement(s); "
							+ "it writes them row by row and goes on", group.size(), ex);
					writeRowByRow(group);
				}
				finally {
					observation.stop();
					this.writing = 0;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			List<Pending> left;
			CompletableFuture<Void> stopped;
			this.lock.lock();
			try {
				left = new ArrayList<>(this.pending);
				this.pending.clear();
				this.thread = null;
				stopped = this.stopped;
				this.room.signalAll();
			}
			finally {
				this.lock.unlock();
			}
			if (!left.isEmpty()) {
				drop(left, "the completer stopped");
			}
			stopped.complete(null);
		}
	}

	/**
	 * Waits until a group is due: {@code batch-size} wait, the oldest waited
	 * {@code flush-interval}, or the completer is stopping.
	 * @return the group, or {@code null} when stopping with nothing left
	 */
	private @Nullable List<Pending> nextGroup() throws InterruptedException {
		this.lock.lock();
		try {
			while (true) {
				if (this.pending.isEmpty()) {
					if (this.stopping) {
						return null;
					}
					this.changed.await();
					continue;
				}
				long waited = System.nanoTime() - this.pending.peekFirst().since();
				long interval = this.settings.flushInterval().toNanos();
				if (this.stopping || this.pending.size() >= this.settings.batchSize() || waited >= interval) {
					List<Pending> group = new ArrayList<>(Math.min(this.pending.size(), MAX_GROUP));
					while (!this.pending.isEmpty() && group.size() < MAX_GROUP) {
						group.add(this.pending.pollFirst());
					}
					this.room.signalAll();
					return group;
				}
				this.changed.awaitNanos(interval - waited);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void write(List<Pending> group) throws InterruptedException {
		while (true) {
			boolean[] applied;
			try {
				applied = this.leases.write(group.stream().map(Pending::acknowledgement).toList());
			}
			catch (RuntimeException | Error ex) {
				this.failures++;
				if (this.failures == 1) {
					this.unreachableSince = System.nanoTime();
					logger.warn("Cannot write {} job acknowledgement(s): {}; keeping them and writing them again "
							+ "until the database answers", group.size(), rootMessage(ex));
				}
				if (this.failures >= FAILURES_BEFORE_PROBE && this.databaseAnswers.getAsBoolean()) {
					logger.warn("The database answers, but a group of {} acknowledgement(s) still fails ({}); "
							+ "writing them row by row", group.size(), rootMessage(ex));
					this.failures = 0;
					writeRowByRow(group);
					return;
				}
				if (this.stopping && System.nanoTime() > this.stopDeadline) {
					drop(group, "the database was still unreachable when the application stopped");
					this.failures = 0;
					return;
				}
				pause(RETRY.delay(this.failures));
				continue;
			}
			if (this.failures > 0) {
				logger.info("Wrote {} job acknowledgement(s) kept for {} ms while the database was unreachable",
						group.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.unreachableSince));
				this.failures = 0;
			}
			for (int i = 0; i < group.size(); i++) {
				done(group.get(i), applied[i] ? Result.APPLIED : Result.LEASE_LOST);
			}
			return;
		}
	}

	private void writeRowByRow(List<Pending> group) {
		for (Pending entry : group) {
			try {
				writeAlone(entry);
			}
			catch (RuntimeException | Error ex) {
				logger.error(
						"Job {}: its acknowledgement ({}) cannot be written ({}); the job stays RUNNING until "
								+ "its lease runs out and the rescuer returns it",
						entry.acknowledgement().lease().jobId(), entry.acknowledgement().getClass().getSimpleName(),
						rootMessage(ex));
				done(entry, Result.DROPPED);
			}
		}
	}

	private void writeAlone(Pending entry) {
		boolean applied = this.leases.write(List.of(entry.acknowledgement()))[0];
		done(entry, applied ? Result.APPLIED : Result.LEASE_LOST);
	}

	private void done(Pending entry, Result result) {
		Acknowledgement acknowledgement = entry.acknowledgement();
		if (result == Result.APPLIED && acknowledgement.succeeded() != null) {
			this.throughput.record(acknowledgement.succeeded());
		}
		if (result == Result.LEASE_LOST) {
			logger.warn("Job {} finished after its lease was lost; the outcome of its new owner stands",
					acknowledgement.lease().jobId());
		}
		try {
			entry.written().accept(result);
		}
		catch (RuntimeException ex) {
			logger.warn("A callback of job {}'s acknowledgement failed: {}", acknowledgement.lease().jobId(),
					ex.toString());
		}
	}

	private void drop(List<Pending> dropped, String why) {
		logger.warn(
				"{} job acknowledgement(s) not written, {}: jobs {}{} stay RUNNING until the rescuer returns "
						+ "them, and run again",
				dropped.size(), why,
				dropped.stream()
					.limit(20)
					.map((entry) -> String.valueOf(entry.acknowledgement().lease().jobId()))
					.collect(Collectors.joining(", ")),
				(dropped.size() > 20) ? ", ..." : "");
		dropped.forEach((entry) -> done(entry, Result.DROPPED));
	}

	private void pause(Duration delay) throws InterruptedException {
		this.lock.lock();
		try {
			this.changed.awaitNanos(delay.toNanos());
		}
		finally {
			this.lock.unlock();
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

	/**
	 * What became of an acknowledgement.
	 */
	enum Result {

		/** Written. */
		APPLIED,

		/** Written, but it changed nothing: the lease was lost. */
		LEASE_LOST,

		/** Not written: the completer gave up on it. */
		DROPPED

	}

	/**
	 * When the completer writes a group.
	 *
	 * @param batchSize write once this many wait
	 * @param flushInterval write once the oldest has waited this long
	 * @param maxPending the most that may wait; more block their executors
	 * @param stopTimeout how long a stop keeps trying to reach an unreachable database
	 */
	record Settings(int batchSize, Duration flushInterval, int maxPending, Duration stopTimeout) {
	}

	private record Pending(Acknowledgement acknowledgement, Consumer<Result> written, long since) {
	}

}
