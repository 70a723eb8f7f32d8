package dev.longhaul.queue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

import dev.longhaul.queue.JobCompleter.Result;
import dev.longhaul.worker.LoopTask;
import dev.longhaul.worker.PauseWorkerException;
import dev.longhaul.worker.RoundResult;
import dev.longhaul.worker.StopToken;
import dev.longhaul.worker.Worker;

/**
 * Runs the jobs of one queue: the round of the queue's loop worker claims as many due
 * jobs as it has free capacity ({@code concurrency} threads plus {@code prefetch} waiting
 * for one) and hands them to a pool of {@code concurrency} threads, named after the
 * worker. The round never waits for a job: a thread that frees enough room wakes the
 * worker, as does new work in the queue.
 * <p>
 * Each job's outcome is handled in one exhaustive switch and acknowledged through the
 * {@link JobCompleter}; whatever a handler throws fails only its job (a counted try).
 * Only what every job needs fails a round and backs the worker off: the database, or a
 * dependency a handler reports {@link JobOutcome#unavailable unavailable}. Each round
 * also extends the leases of the jobs the executor holds, every third of the lease, and
 * interrupts a run that outlived its type's timeout (whose lease is then no longer
 * extended).
 * <p>
 * On stop, the jobs that have not started go back to the queue without counting a try,
 * multi-step jobs go back after their current step with their progress, and the others
 * finish their run; after the worker's shutdown timeout the threads are interrupted.
 */
final class JobExecutor implements LoopTask {

	private static final Logger logger = LoggerFactory.getLogger(JobExecutor.class);

	/** How long an executor thread waits for a job before it ends. */
	static final Duration THREAD_KEEP_ALIVE = Duration.ofSeconds(30);

	/** The most jobs one claim takes. */
	private static final int MAX_CLAIM = 1000;

	/** The stop token before the first round passes the worker's. */
	private static final StopToken NOT_STARTED = new StopToken() {

		@Override
		public boolean isStopRequested() {
			return false;
		}

		@Override
		public boolean awaitStop(Duration timeout) {
			return false;
		}

	};

	private final String queue;

	private final String worker;

	private final Map<String, JobType<?>> types;

	private final int concurrency;

	private final int capacity;

	private final int wakeAt;

	private final JobClaimer claimer;

	private final JobLeases leases;

	private final JobCompleter completer;

	private final JobMetrics metrics;

	private final JobObservations observations;

	private final String instance;

	private final long extendEveryNanos;

	/** Runs each job on the worker's thread, within the round: for tests. */
	private final boolean inline;

	/** Runs the jobs on the executor's threads. */
	private final JobRunner runner;

	/** Claimed and not yet acknowledged. */
	private final Map<Long, HeldJob> held = new ConcurrentHashMap<>();

	/** Claimed and not yet finished running. */
	private final AtomicInteger inFlight = new AtomicInteger();

	private volatile Runnable wake = () -> {
	};

	private volatile StopToken stopToken = NOT_STARTED;

	private volatile @Nullable ThreadPoolExecutor pool;

	// Confined to the worker's thread.
	private long leasesExtendedAt = System.nanoTime();

	/**
	 * Creates the executor of a queue.
	 * @param queue the queue
	 * @param worker the name of its loop worker, for its threads
	 * @param types the types of the queue
	 * @param claimer claims jobs
	 * @param leases writes progress and lease extensions
	 * @param completer writes acknowledgements
	 * @param json reads payloads, writes progress
	 * @param clock the clock
	 * @param metrics run metrics
	 * @param leaseDuration {@code longhaul.queue.lease-duration}
	 * @param observations observes claims and runs
	 */
	JobExecutor(String queue, String worker, Collection<JobType<?>> types, JobClaimer claimer, JobLeases leases,
			JobCompleter completer, JsonMapper json, Clock clock, JobMetrics metrics, Duration leaseDuration,
			JobObservations observations) {
		this(queue, worker, types, claimer, leases, completer, json, clock, metrics, leaseDuration, observations,
				false);
	}

	/**
	 * Creates an executor that runs each job it claims on the worker's thread, within the
	 * round, and writes its outcome before the next: for tests that need one round to do
	 * everything.
	 */
	static JobExecutor inline(String queue, Collection<JobType<?>> types, JobClaimer claimer, JobLeases leases,
			JobCompleter completer, JsonMapper json, Clock clock, JobMetrics metrics, Duration leaseDuration,
			JobObservations observations) {
		return new JobExecutor(queue, queue + "-inline", types, claimer, leases, completer, json, clock, metrics,
				leaseDuration, observations, true);
	}

	private JobExecutor(String queue, String worker, Collection<JobType<?>> types, JobClaimer claimer, JobLeases leases,
			JobCompleter completer, JsonMapper json, Clock clock, JobMetrics metrics, Duration leaseDuration,
			JobObservations observations, boolean inline) {
		this.inline = inline;
		this.observations = observations;
		this.instance = claimer.instance().value();
		this.queue = queue;
		this.worker = worker;
		this.types = new LinkedHashMap<>();
		types.forEach((type) -> this.types.put(type.name(), type));
		this.concurrency = types.stream().mapToInt((type) -> type.settings().concurrency()).max().orElse(1);
		int prefetch = types.stream().mapToInt((type) -> type.settings().prefetch()).max().orElse(0);
		this.capacity = this.concurrency + prefetch;
		this.wakeAt = Math.max(1, prefetch / 2);
		this.claimer = claimer;
		this.leases = leases;
		this.completer = completer;
		this.metrics = metrics;
		this.runner = new JobRunner(queue, this.types, json, leases, clock, metrics, observations,
				() -> this.wake.run());
		this.extendEveryNanos = leaseDuration.toNanos() / 3;
	}

	/**
	 * Tells the executor how to wake its worker.
	 * @param wake the worker's {@code wake()}
	 */
	void wakeWith(Runnable wake) {
		this.wake = wake;
	}

	/**
	 * How many threads run jobs at once.
	 * @return the concurrency
	 */
	int concurrency() {
		return this.concurrency;
	}

	/**
	 * How many jobs the executor holds at most, running or waiting for a thread.
	 * @return the capacity
	 */
	int capacity() {
		return this.capacity;
	}

	/**
	 * How many jobs the executor holds now: claimed and not yet acknowledged.
	 * @return the count
	 */
	int held() {
		return this.held.size();
	}

	// The worker's thread

	@Override
	public void onStart() {
		// The worker's thread names the worker in its logs; its claims also name the
		// instance.
		MDC.put(JobLogContext.INSTANCE, this.instance);
		if (this.inline) {
			return;
		}
		AtomicInteger threads = new AtomicInteger();
		ThreadFactory factory = (runnable) -> {
			Thread thread = new Thread(() -> {
				try {
					runnable.run();
				}
				finally {
					threadEnding();
				}
			}, this.worker + "-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
		ThreadPoolExecutor pool = new ThreadPoolExecutor(this.concurrency, this.concurrency,
				THREAD_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), factory);
		pool.allowCoreThreadTimeOut(true);
		this.pool = pool;
	}

	@Override
	public RoundResult runRound(StopToken stopToken) throws InterruptedException {
		this.stopToken = stopToken;
		JobOutcome.Unavailable down = this.runner.unavailable();
		if (down != null) {
			int handedBack = handBackWaiting(down.reason());
			this.runner.clearUnavailable();
			String reason = down.reason() + ((handedBack > 0) ? "; " + handedBack + " job(s) handed back" : "");
			throw down.pause() ? new PauseWorkerException(reason, null) : new QueueUnavailableException(reason);
		}
		keepLeases();
		interruptOverdue();
		int free = this.capacity - this.inFlight.get();
		if (free <= 0) {
			return RoundResult.IDLE;
		}
		List<Job> jobs = claim(Math.min(free, MAX_CLAIM));
		ThreadPoolExecutor pool = this.pool;
		for (Job job : jobs) {
			HeldJob entry = new HeldJob(job);
			this.held.put(job.id(), entry);
			this.inFlight.incrementAndGet();
			if (this.inline) {
				run(entry);
			}
			else {
				pool.execute(new Run(entry));
			}
		}
		return (jobs.size() == MAX_CLAIM) ? RoundResult.MORE_WORK : RoundResult.IDLE;
	}

	private List<Job> claim(int limit) {
		Observation observation = this.observations.claim(this.queue).start();
		try {
			List<Job> jobs = this.claimer.claim(this.queue, limit);
			JobObservations.claimed(observation, jobs.size());
			return jobs;
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	@Override
	public void onStop() throws InterruptedException {
		ThreadPoolExecutor pool = this.pool;
		if (pool == null) {
			return;
		}
		int handedBack = handBackWaiting(null);
		if (handedBack > 0) {
			logger.info("Worker '{}' handed {} job(s) that had not started back to queue '{}'", this.worker, handedBack,
					this.queue);
		}
		pool.shutdown();
		try {
			while (!pool.awaitTermination(100, TimeUnit.MILLISECONDS)) {
				// the worker's stop interrupts this wait at its shutdown timeout
			}
		}
		catch (InterruptedException ex) {
			List<Runnable> unstarted = pool.shutdownNow();
			unstarted.forEach((run) -> handBack((Run) run, null));
			if (!pool.awaitTermination(Worker.INTERRUPT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("Worker '{}' stopped with {} job(s) still running after an interrupt; they stay RUNNING "
						+ "until the rescuer returns them", this.worker, pool.getActiveCount());
			}
			throw ex;
		}
		finally {
			this.pool = null;
		}
	}

	/**
	 * Extends the leases of the jobs held that wait or run, every third of the lease
	 * duration, but those whose run outlived its timeout (a frozen run loses its job
	 * after at most one lease) and those that ran already, whose acknowledgement the
	 * completer is about to write (and whose rows it locks).
	 */
	private void keepLeases() {
		long now = System.nanoTime();
		if (now - this.leasesExtendedAt < this.extendEveryNanos) {
			return;
		}
		List<Long> ids = this.held.values().stream().filter(HeldJob::needsLease).map(HeldJob::id).toList();
		if (!ids.isEmpty()) {
			this.leases.extend(ids);
		}
		this.leasesExtendedAt = now;
	}

	private void interruptOverdue() {
		long now = System.nanoTime();
		for (HeldJob entry : this.held.values()) {
			JobType<?> type = this.types.get(entry.job().type());
			if (type != null) {
				entry.interruptIfOverdue(type.settings().timeout(), now);
			}
		}
	}

	/** Hands the jobs waiting for a thread back to the queue, without counting a try. */
	private int handBackWaiting(@Nullable String reason) {
		ThreadPoolExecutor pool = this.pool;
		if (pool == null) {
			return 0;
		}
		List<Runnable> waiting = new ArrayList<>();
		pool.getQueue().drainTo(waiting);
		waiting.forEach((run) -> handBack((Run) run, reason));
		return waiting.size();
	}

	private void handBack(Run run, @Nullable String reason) {
		Job job = run.entry.job();
		acknowledge(run.entry,
				new Acknowledgement.Released(job.lease(), job.runAt(), (reason != null) ? reason : job.lastError()));
		this.inFlight.decrementAndGet();
	}

	private void threadEnding() {
		for (JobType<?> type : this.types.values()) {
			try {
				type.handler().onThreadEnd();
			}
			catch (RuntimeException ex) {
				logger.warn("Job type '{}' failed to release what thread {} held: {}", type.name(),
						Thread.currentThread().getName(), ex.toString());
			}
		}
	}

	// The executor's threads

	/**
	 * Runs a job within its log context (see {@link JobLogContext}) and its
	 * {@code longhaul.jobs.execution} observation, and leaves the thread's MDC as it
	 * found it: pooled threads carry nothing from one job to the next.
	 */
	private void run(HeldJob entry) {
		Job job = entry.job();
		try (JobLogContext.Scope context = JobLogContext.open(this.instance, this.worker, job)) {
			Observation observation = this.observations.execution(job, this.worker);
			observation.start();
			try (Observation.Scope scope = observation.openScope()) {
				runObserved(entry, observation);
			}
			finally {
				observation.stop();
			}
		}
	}

	private void runObserved(HeldJob entry, Observation observation) {
		try {
			Acknowledgement acknowledgement = this.runner.run(entry, this.stopToken, observation);
			entry.ran();
			if (acknowledgement != null) {
				acknowledge(entry, acknowledgement);
			}
			else {
				this.held.remove(entry.id());
			}
		}
		catch (RuntimeException | Error ex) {
			observation.error(ex);
			// Only the engine's own writes get here (the handler's failures are
			// outcomes):
			// the job stays RUNNING under this lease, which the rescuer ends.
			logger.error("Worker '{}' could not record the outcome of job {} ({}); it stays RUNNING until its lease "
					+ "runs out", this.worker, entry.id(), entry.job().type(), ex);
			this.held.remove(entry.id());
		}
		finally {
			int left = this.inFlight.decrementAndGet();
			if (this.capacity - left >= this.wakeAt) {
				this.wake.run();
			}
		}
	}

	private void acknowledge(HeldJob entry, Acknowledgement acknowledgement) {
		try {
			this.completer.submit(acknowledgement, (result) -> acknowledged(entry, acknowledgement, result));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.held.remove(entry.id());
			logger.warn("Job {} ({}): its outcome was not recorded, the executor was interrupted; it stays RUNNING "
					+ "until the rescuer returns it", entry.id(), entry.job().type());
		}
	}

	private void acknowledged(HeldJob entry, Acknowledgement acknowledgement, Result result) {
		this.held.remove(entry.id());
		JobStatus ends = acknowledgement.ends();
		if (result == Result.APPLIED && ends != null) {
			this.metrics.ended(this.queue, entry.job().type(), ends);
		}
	}

	/** The task of running one job on an executor thread. */
	private final class Run implements Runnable {

		private final HeldJob entry;

		Run(HeldJob entry) {
			this.entry = entry;
		}

		@Override
		public void run() {
			JobExecutor.this.run(this.entry);
		}

	}

}
