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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.longhaul.queue.JobCompleter.Result;
import dev.longhaul.worker.FailureReasons;
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

	private static final int MAX_LOGGED_FAILURES = 100;

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

	private final JsonMapper json;

	private final Clock clock;

	private final JobMetrics metrics;

	private final JobObservations observations;

	private final String instance;

	private final long extendEveryNanos;

	/** Runs each job on the worker's thread, within the round: for tests. */
	private final boolean inline;

	/** Claimed and not yet acknowledged. */
	private final Map<Long, Held> held = new ConcurrentHashMap<>();

	/** Claimed and not yet finished running. */
	private final AtomicInteger inFlight = new AtomicInteger();

	/** Failure signatures whose stack trace was logged. */
	private final Map<String, Boolean> loggedFailures = new LinkedHashMap<>() {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
			return size() > MAX_LOGGED_FAILURES;
		}
	};

	private volatile Runnable wake = () -> {
	};

	private volatile StopToken stopToken = NOT_STARTED;

	private volatile JobOutcome.@Nullable Unavailable unavailable;

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
	 */
	JobExecutor(String queue, String worker, Collection<JobType<?>> types, JobClaimer claimer, JobLeases leases,
			JobCompleter completer, JsonMapper json, Clock clock, JobMetrics metrics, Duration leaseDuration) {
		this(queue, worker, types, claimer, leases, completer, json, clock, metrics, leaseDuration,
				JobObservations.NONE);
	}

	/**
	 * Creates the executor of a queue, observing its claims and runs.
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
			JobCompleter completer, JsonMapper json, Clock clock, JobMetrics metrics, Duration leaseDuration) {
		return inline(queue, types, claimer, leases, completer, json, clock, metrics, leaseDuration,
				JobObservations.NONE);
	}

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
		this.json = json;
		this.clock = clock;
		this.metrics = metrics;
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
		JobOutcome.Unavailable down = this.unavailable;
		if (down != null) {
			int handedBack = handBackWaiting(down.reason());
			this.unavailable = null;
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
			Held entry = new Held(job);
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
		List<Long> ids = this.held.values()
			.stream()
			.filter((entry) -> !entry.overdue && !entry.ran)
			.map(Held::id)
			.toList();
		if (!ids.isEmpty()) {
			this.leases.extend(ids);
		}
		this.leasesExtendedAt = now;
	}

	private void interruptOverdue() {
		long now = System.nanoTime();
		for (Held entry : this.held.values()) {
			JobType<?> type = this.types.get(entry.job.type());
			if (type != null && !entry.overdue && entry.runningSince != 0
					&& now - entry.runningSince > type.settings().timeout().toNanos()) {
				entry.interruptOverdue(type.settings().timeout());
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
		Job job = run.entry.job;
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
	private void run(Held entry) {
		Job job = entry.job;
		Map<String, String> mdc = MDC.getCopyOfContextMap();
		JobLogContext.put(this.instance, this.worker, job);
		Observation observation = this.observations.execution(job, this.worker);
		observation.start();
		try (Observation.Scope scope = observation.openScope()) {
			runObserved(entry, observation);
		}
		finally {
			observation.stop();
			if (mdc != null) {
				MDC.setContextMap(mdc);
			}
			else {
				MDC.clear();
			}
		}
	}

	private void runObserved(Held entry, Observation observation) {
		try {
			Acknowledgement acknowledgement = execute(entry, observation);
			entry.ran = true;
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
					+ "runs out", this.worker, entry.id(), entry.job.type(), ex);
			this.held.remove(entry.id());
		}
		finally {
			int left = this.inFlight.decrementAndGet();
			if (this.capacity - left >= this.wakeAt) {
				this.wake.run();
			}
		}
	}

	/**
	 * Runs a job's steps and tells what to write.
	 * @return the acknowledgement, or {@code null} if there is none to write (completed
	 * in the handler's transaction, or the lease was lost)
	 */
	private @Nullable Acknowledgement execute(Held entry, Observation observation) {
		Job job = entry.job;
		StopToken stop = this.stopToken;
		JobOutcome.Unavailable down = this.unavailable;
		if (down != null) {
			return new Acknowledgement.Released(job.lease(), job.runAt(), down.reason());
		}
		if (stop.isStopRequested()) {
			return new Acknowledgement.Released(job.lease(), job.runAt(), job.lastError());
		}
		JobType<?> type = this.types.get(job.type());
		if (type == null) {
			return died(job, null, "No handler runs job type '" + job.type() + "' in queue '" + this.queue
					+ "' (types here: " + this.types.keySet() + ")");
		}
		return execute(entry, type, stop, observation);
	}

	private <P> @Nullable Acknowledgement execute(Held entry, JobType<P> type, StopToken stop,
			Observation observation) {
		Job job = entry.job;
		P payload;
		try {
			payload = this.json.readValue(job.payload(), type.payloadType());
		}
		catch (JacksonException ex) {
			return died(job, type,
					"Its payload is not a " + type.payloadType().getSimpleName() + ": " + ex.getOriginalMessage());
		}
		JobContext<P> context = new JobContext<>(job, payload, stop, this.json, this.leases, observation,
				this.observations.registry());
		while (true) {
			long start = System.nanoTime();
			JobOutcome outcome;
			try {
				outcome = step(entry, type, context);
			}
			catch (JobContext.LeaseLostException ex) {
				logger.warn("Job {} ({}) lost its lease; another instance owns it now", job.id(), type.name());
				return null;
			}
			this.metrics.run(this.queue, type.name(), outcome.kind(), Duration.ofNanos(System.nanoTime() - start));
			observe(observation, type, outcome);
			Acknowledgement end = switch (outcome.kind()) {
				case DONE -> done(job, type, context, (JobOutcome.Done) outcome);
				case RETRY ->
					retryOrDie(job, type, ((JobOutcome.Retry) outcome).reason(), ((JobOutcome.Retry) outcome).delay());
				case FAIL -> died(job, type, ((JobOutcome.Fail) outcome).reason());
				case SNOOZE -> snoozed(job, type, (JobOutcome.Snooze) outcome);
				case CONTINUE -> progressed(entry, type, context, (JobOutcome.Continue) outcome, stop);
				case UNAVAILABLE -> unavailable(job, type, (JobOutcome.Unavailable) outcome);
			};
			// Only a step that continues runs another: a job the handler completed in its
			// own transaction ends here too, with nothing left to write.
			if (end != null || entry.ended || outcome.kind() != JobOutcome.Kind.CONTINUE) {
				return end;
			}
		}
	}

	/**
	 * Tags the run's observation with the outcome of its step; a failed try marks its
	 * span as an error, with the reason as the handler masks it for logs.
	 */
	private static void observe(Observation observation, JobType<?> type, JobOutcome outcome) {
		if (observation.isNoop()) {
			return;
		}
		observation.lowCardinalityKeyValue("outcome", outcome.kind().tag());
		String reason = outcome.failure();
		if (reason != null) {
			observation.error(new FailedTry(type.handler().maskForLog(reason)));
		}
	}

	private @Nullable Acknowledgement done(Job job, JobType<?> type, JobContext<?> context, JobOutcome.Done done) {
		logger.debug("Job {} ({}) done", job.id(), type.name());
		if (context.completed()) {
			this.metrics.ended(this.queue, type.name(), JobStatus.SUCCEEDED);
			return null;
		}
		return new Acknowledgement.Succeeded(job.lease(), done.result());
	}

	private Acknowledgement snoozed(Job job, JobType<?> type, JobOutcome.Snooze snooze) {
		logger.info("Job {} ({}) snoozed for {}{}", job.id(), type.name(), Worker.format(snooze.delay()),
				(snooze.reason() != null) ? ": " + type.handler().maskForLog(snooze.reason()) : "");
		return new Acknowledgement.Released(job.lease(), this.clock.instant().plus(snooze.delay()),
				(snooze.reason() != null) ? snooze.reason() : job.lastError());
	}

	private Acknowledgement unavailable(Job job, JobType<?> type, JobOutcome.Unavailable down) {
		this.unavailable = down;
		this.wake.run();
		logger.debug("Job {} ({}) handed back: {}", job.id(), type.name(), type.handler().maskForLog(down.reason()));
		return new Acknowledgement.Released(job.lease(), job.runAt(), down.reason());
	}

	/** Runs one step of a job; whatever it throws is its outcome. */
	private <P> JobOutcome step(Held entry, JobType<P> type, JobContext<P> context) {
		entry.starting();
		try {
			return type.handler().run(context);
		}
		catch (JobOutcomeException ex) {
			return ex.outcome();
		}
		catch (JobContext.LeaseLostException ex) {
			throw ex;
		}
		catch (Exception | Error ex) {
			// The job's last error is shown to viewers: the reason, never a foreign
			// exception's message; logThrown logs the exception itself.
			if (entry.overdue) {
				return JobOutcome.retry("Ran longer than its timeout " + Worker.format(type.settings().timeout())
						+ " and was interrupted (" + FailureReasons.of(ex) + ")");
			}
			logThrown(context.job(), type, ex);
			return JobOutcome.retry(FailureReasons.of(ex));
		}
		finally {
			entry.ended();
		}
	}

	/**
	 * Stores a step's progress, then tells what to write: nothing to run the next step
	 * (or, with {@link Held#ended}, because the lease was lost), a release when stopping,
	 * a cancellation when asked for.
	 */
	private <P> @Nullable Acknowledgement progressed(Held entry, JobType<P> type, JobContext<P> context,
			JobOutcome.Continue next, StopToken stop) {
		Job job = entry.job;
		String progress = this.json.writeValueAsString(next.progress());
		JobLeases.Progress saved;
		try {
			saved = this.leases.saveProgress(job.lease(), progress);
		}
		catch (RuntimeException ex) {
			return retryOrDie(job, type, "Cannot store its progress: " + ex.getMessage(), null);
		}
		return switch (saved) {
			case SAVED -> {
				context.progressed(next.progress(), progress);
				if (stop.isStopRequested()) {
					logger.info("Job {} ({}) handed back after its current step; it resumes from its progress",
							job.id(), type.name());
					yield new Acknowledgement.Released(job.lease(), job.runAt(), job.lastError());
				}
				yield null;
			}
			case CANCEL_REQUESTED -> {
				logger.info("Job {} ({}) cancelled after its current step", job.id(), type.name());
				yield new Acknowledgement.Cancelled(job.lease());
			}
			case LEASE_LOST -> {
				logger.warn("Job {} ({}) lost its lease; another instance owns it now", job.id(), type.name());
				entry.ended = true;
				yield null;
			}
		};
	}

	private Acknowledgement retryOrDie(Job job, JobType<?> type, String reason, @Nullable Duration delay) {
		int attempts = job.attempts() + 1;
		if (attempts >= job.maxAttempts()) {
			logger.warn("Job {} ({}) failed on its last try ({} of {}): {}", job.id(), type.name(), attempts,
					job.maxAttempts(), type.handler().maskForLog(reason));
			return new Acknowledgement.Died(job.lease(), attempts, reason);
		}
		Duration wait = (delay != null) ? delay : type.settings().retryBackoff().delay(attempts);
		logger.warn("Job {} ({}) failed on try {} of {}, retrying in {}: {}", job.id(), type.name(), attempts,
				job.maxAttempts(), Worker.format(wait), type.handler().maskForLog(reason));
		return new Acknowledgement.Retried(job.lease(), attempts, this.clock.instant().plus(wait), reason);
	}

	private Acknowledgement died(Job job, @Nullable JobType<?> type, String reason) {
		int attempts = job.attempts() + 1;
		logger.warn("Job {} ({}) failed permanently on try {}: {}", job.id(), job.type(), attempts,
				(type != null) ? type.handler().maskForLog(reason) : reason);
		return new Acknowledgement.Died(job.lease(), attempts, reason);
	}

	/**
	 * Logs the stack trace of a handler's exception the first time it is seen; the
	 * retry's one line says the rest.
	 */
	private void logThrown(Job job, JobType<?> type, Throwable ex) {
		String signature = type.name() + ": " + ex.getClass().getName() + ": " + ex.getMessage();
		boolean first;
		synchronized (this.loggedFailures) {
			first = this.loggedFailures.put(signature, Boolean.TRUE) == null;
		}
		if (first) {
			logger.warn("Job {} ({}) threw (stack trace shown once per error)", job.id(), type.name(), ex);
		}
	}

	private void acknowledge(Held entry, Acknowledgement acknowledgement) {
		try {
			this.completer.submit(acknowledgement, (result) -> acknowledged(entry, acknowledgement, result));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.held.remove(entry.id());
			logger.warn("Job {} ({}): its outcome was not recorded, the executor was interrupted; it stays RUNNING "
					+ "until the rescuer returns it", entry.id(), entry.job.type());
		}
	}

	private void acknowledged(Held entry, Acknowledgement acknowledgement, Result result) {
		this.held.remove(entry.id());
		JobStatus ends = acknowledgement.ends();
		if (result == Result.APPLIED && ends != null) {
			this.metrics.ended(this.queue, entry.job.type(), ends);
		}
	}

	/**
	 * A try that failed, as its run's observation records it: the reason alone, without a
	 * stack trace (a handler's exception is logged apart, once).
	 */
	static final class FailedTry extends RuntimeException {

		FailedTry(String reason) {
			super(reason, null, false, false);
		}

	}

	/** A job claimed and not yet acknowledged. */
	private static final class Held {

		private final Job job;

		/** When the current step started, or 0 between steps. */
		private volatile long runningSince;

		private volatile boolean overdue;

		/** Set when the run ends with nothing to write: its lease was lost. */
		private boolean ended;

		/** Set once the run ended, before its acknowledgement goes to the completer. */
		private volatile boolean ran;

		private @Nullable Thread thread;

		Held(Job job) {
			this.job = job;
		}

		long id() {
			return this.job.id();
		}

		synchronized void starting() {
			this.thread = Thread.currentThread();
			this.overdue = false;
			this.runningSince = System.nanoTime();
		}

		/**
		 * Ends the step: an interrupt for it can no longer reach the thread's next job.
		 */
		synchronized void ended() {
			this.thread = null;
			this.runningSince = 0;
			Thread.interrupted();
		}

		synchronized void interruptOverdue(Duration timeout) {
			if (this.thread != null && !this.overdue) {
				this.overdue = true;
				logger.warn("Job {} ({}) ran longer than its timeout {}; interrupting it, and its lease is no longer "
						+ "extended", this.job.id(), this.job.type(), Worker.format(timeout));
				this.thread.interrupt();
			}
		}

	}

	/** The task of running one job on an executor thread. */
	private final class Run implements Runnable {

		private final Held entry;

		Run(Held entry) {
			this.entry = entry;
		}

		@Override
		public void run() {
			JobExecutor.this.run(this.entry);
		}

	}

}
