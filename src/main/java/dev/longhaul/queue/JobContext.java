package dev.longhaul.queue;

import java.time.Instant;
import java.util.Optional;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.longhaul.worker.StopToken;

/**
 * One run of a job, as its handler sees it: the payload, which try this is, the progress
 * of earlier steps, and the stop token of the executor.
 * <p>
 * Confined to the executor thread that runs the job.
 *
 * @param <P> the payload type
 */
public final class JobContext<P> {

	private final Job job;

	private final P payload;

	private final StopToken stopToken;

	private final JsonMapper json;

	private final JobLeases leases;

	private @Nullable String progressJson;

	private @Nullable Object progress;

	private boolean completed;

	private final Observation run;

	private final ObservationRegistry registry;

	JobContext(Job job, P payload, StopToken stopToken, JsonMapper json, JobLeases leases) {
		this(job, payload, stopToken, json, leases, Observation.NOOP, ObservationRegistry.NOOP);
	}

	JobContext(Job job, P payload, StopToken stopToken, JsonMapper json, JobLeases leases, Observation run,
			ObservationRegistry registry) {
		this.run = run;
		this.registry = registry;
		this.job = job;
		this.payload = payload;
		this.stopToken = stopToken;
		this.json = json;
		this.leases = leases;
		this.progressJson = job.progress();
	}

	/**
	 * The job's id.
	 * @return the id
	 */
	public long id() {
		return this.job.id();
	}

	/**
	 * The job's type.
	 * @return the type's name
	 */
	public String type() {
		return this.job.type();
	}

	/**
	 * The job's payload, read from its JSON.
	 * @return the payload
	 */
	public P payload() {
		return this.payload;
	}

	/**
	 * Which try this is.
	 * @return 1 for the first
	 */
	public int attempt() {
		return this.job.attempts() + 1;
	}

	/**
	 * How many tries the job has.
	 * @return its max attempts
	 */
	public int maxAttempts() {
		return this.job.maxAttempts();
	}

	/**
	 * Whether a failed try now makes the job {@link JobStatus#DEAD}.
	 * @return {@code true} on the last attempt
	 */
	public boolean isLastAttempt() {
		return attempt() >= maxAttempts();
	}

	/**
	 * When the job was enqueued.
	 * @return the time
	 */
	public Instant createdAt() {
		return this.job.createdAt();
	}

	/**
	 * Why the previous try failed, if one did.
	 * @return the error, or {@code null}
	 */
	public @Nullable String lastError() {
		return this.job.lastError();
	}

	/**
	 * The progress the last step stored ({@link JobOutcome#continueWith}), in this run or
	 * an earlier one that was stopped or crashed.
	 * @param <T> the progress type
	 * @param type the progress type
	 * @return the progress, or empty before the first step
	 */
	public <T> Optional<T> progress(Class<T> type) {
		if (type.isInstance(this.progress)) {
			return Optional.of(type.cast(this.progress));
		}
		if (this.progressJson == null) {
			return Optional.empty();
		}
		T read = this.json.readValue(this.progressJson, type);
		this.progress = read;
		return Optional.of(read);
	}

	/**
	 * Whether the executor is stopping: a long step should return early (a multi-step job
	 * with {@link JobOutcome#continueWith}, which hands it back with its progress).
	 * @return {@code true} once a stop was requested
	 */
	public boolean isStopRequested() {
		return this.stopToken.isStopRequested();
	}

	/**
	 * The executor's stop token, to wait without {@code Thread.sleep}.
	 * @return the token
	 */
	public StopToken stopToken() {
		return this.stopToken;
	}

	/**
	 * A new observation of part of this run, such as an SMTP send or a chunk of rows, not
	 * started: a child of the run's {@code longhaul.jobs.execution} observation, and so a
	 * span in the trace of the request that enqueued the job.
	 * @param name the observation's name, such as {@code longhaul.email.smtp}
	 * @param contextualName the span's name, such as {@code smtp send}
	 * @return the observation, {@link Observation#NOOP} when the run is not observed (no
	 * tracing, or its trace not sampled)
	 */
	public Observation observation(String name, String contextualName) {
		if (this.run.isNoop()) {
			return Observation.NOOP;
		}
		return Observation.createNotStarted(name, this.registry)
			.contextualName(contextualName)
			.parentObservation(this.run);
	}

	/**
	 * Marks the job done in the current transaction, so that it is done exactly when the
	 * handler's own writes commit (River's {@code JobCompleteTx}); return
	 * {@link JobOutcome#done()} afterwards.
	 * @param result what the job produced, or {@code null}
	 * @throws LeaseLostException if the job is no longer this run's (another instance
	 * recovered it): roll the transaction back
	 */
	public void completeInTransaction(@Nullable String result) {
		complete(result, null);
	}

	/**
	 * Like {@link #completeInTransaction(String)}, storing the final progress of a
	 * multi-step job in the same statement.
	 * @param result what the job produced, or {@code null}
	 * @param progress its final progress, stored as JSON
	 * @throws LeaseLostException if the job is no longer this run's: roll the transaction
	 * back
	 */
	public void completeInTransaction(@Nullable String result, Object progress) {
		complete(result, this.json.writeValueAsString(progress));
	}

	private void complete(@Nullable String result, @Nullable String progress) {
		if (!this.leases.completeNow(this.job.lease(), result, progress)) {
			throw new LeaseLostException(this.job.id());
		}
		this.completed = true;
	}

	Job job() {
		return this.job;
	}

	boolean completed() {
		return this.completed;
	}

	void progressed(Object progress, String json) {
		this.progress = progress;
		this.progressJson = json;
	}

	/**
	 * The job is no longer this run's: another instance recovered it after its lease ran
	 * out, and its result stands.
	 */
	public static final class LeaseLostException extends RuntimeException {

		LeaseLostException(long id) {
			super("Job " + id + " lost its lease; another instance owns it now");
		}

	}

}
