package dev.longhaul.queue;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.longhaul.worker.FailureReasons;
import dev.longhaul.worker.StopToken;
import dev.longhaul.worker.Worker;

/**
 * Runs one claimed job on an executor thread, step after step, and tells the
 * {@link JobExecutor} what to acknowledge: reads its payload, calls its handler, turns
 * whatever the handler returns or throws into a {@link JobOutcome} and the outcome into
 * an {@link Acknowledgement} (retry with backoff or die on the last try, snooze, store a
 * step's progress, hand back on stop or when a dependency is unavailable), logging one
 * line per event.
 * <p>
 * Threads: any executor thread; the state it shares is the unavailable outcome (set here,
 * read and cleared by the worker's round) and the set of failures whose stack trace was
 * logged (guarded by its own monitor).
 */
final class JobRunner {

	// The executor's log category: operators tune one logger for the engine's runs.
	private static final Logger logger = LoggerFactory.getLogger(JobExecutor.class);

	private static final int MAX_LOGGED_FAILURES = 100;

	private final String queue;

	private final Map<String, JobType<?>> types;

	private final JsonMapper json;

	private final JobLeases leases;

	private final Clock clock;

	private final JobMetrics metrics;

	private final JobObservations observations;

	/**
	 * A dependency every job needs is down: set by a run, taken by the worker's round.
	 */
	private final AtomicReference<JobOutcome.@Nullable Unavailable> unavailable = new AtomicReference<>();

	private final Runnable onUnavailable;

	/** Failure signatures whose stack trace was logged. */
	private final Map<String, Boolean> loggedFailures = new LinkedHashMap<>() {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
			return size() > MAX_LOGGED_FAILURES;
		}
	};

	/**
	 * Creates the runner of a queue's jobs.
	 * @param queue the queue
	 * @param types the queue's types by name
	 * @param json reads payloads, writes progress
	 * @param leases stores progress
	 * @param clock the clock
	 * @param metrics run metrics
	 * @param observations observes runs
	 * @param onUnavailable called when a run reports a dependency unavailable (wakes the
	 * worker, whose round then hands back the waiting jobs and backs off)
	 */
	JobRunner(String queue, Map<String, JobType<?>> types, JsonMapper json, JobLeases leases, Clock clock,
			JobMetrics metrics, JobObservations observations, Runnable onUnavailable) {
		this.queue = queue;
		this.types = types;
		this.json = json;
		this.leases = leases;
		this.clock = clock;
		this.metrics = metrics;
		this.observations = observations;
		this.onUnavailable = onUnavailable;
	}

	/**
	 * The outcome of a run that found a dependency unavailable, until it is cleared: runs
	 * that start meanwhile hand their jobs back without calling their handler.
	 * @return the outcome, or {@code null}
	 */
	JobOutcome.@Nullable Unavailable unavailable() {
		return this.unavailable.get();
	}

	/**
	 * Lets runs call their handlers again.
	 */
	void clearUnavailable() {
		this.unavailable.set(null);
	}

	/**
	 * Runs a job's steps and tells what to write.
	 * @return the acknowledgement, or {@code null} if there is none to write (completed
	 * in the handler's transaction, or the lease was lost)
	 */
	@Nullable Acknowledgement run(HeldJob entry, StopToken stop, Observation observation) {
		Job job = entry.job();
		JobOutcome.Unavailable down = this.unavailable.get();
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

	private <P> @Nullable Acknowledgement execute(HeldJob entry, JobType<P> type, StopToken stop,
			Observation observation) {
		Job job = entry.job();
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
				case UNAVAILABLE -> dependencyDown(job, type, (JobOutcome.Unavailable) outcome);
			};
			// Only a step that continues runs another: a job the handler completed in its
			// own transaction ends here too, with nothing left to write.
			if (end != null || entry.isLeaseLost() || outcome.kind() != JobOutcome.Kind.CONTINUE) {
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

	private Acknowledgement dependencyDown(Job job, JobType<?> type, JobOutcome.Unavailable down) {
		this.unavailable.set(down);
		this.onUnavailable.run();
		logger.debug("Job {} ({}) handed back: {}", job.id(), type.name(), type.handler().maskForLog(down.reason()));
		return new Acknowledgement.Released(job.lease(), job.runAt(), down.reason());
	}

	/** Runs one step of a job; whatever it throws is its outcome. */
	private <P> JobOutcome step(HeldJob entry, JobType<P> type, JobContext<P> context) {
		entry.stepStarting();
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
			if (entry.isOverdue()) {
				return JobOutcome.retry("Ran longer than its timeout " + Worker.format(type.settings().timeout())
						+ " and was interrupted (" + FailureReasons.of(ex) + ")");
			}
			logThrown(context.job(), type, ex);
			return JobOutcome.retry(FailureReasons.of(ex));
		}
		finally {
			entry.stepEnded();
		}
	}

	/**
	 * Stores a step's progress, then tells what to write: nothing to run the next step
	 * (or, with {@link HeldJob#isLeaseLost()}, because the lease was lost), a release
	 * when stopping, a cancellation when asked for.
	 */
	private <P> @Nullable Acknowledgement progressed(HeldJob entry, JobType<P> type, JobContext<P> context,
			JobOutcome.Continue next, StopToken stop) {
		Job job = entry.job();
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
				entry.leaseLost();
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

	/**
	 * A try that failed, as its run's observation records it: the reason alone, without a
	 * stack trace (a handler's exception is logged apart, once).
	 */
	static final class FailedTry extends RuntimeException {

		FailedTry(String reason) {
			super(reason, null, false, false);
		}

	}

}
