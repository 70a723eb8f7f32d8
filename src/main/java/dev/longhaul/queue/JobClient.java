package dev.longhaul.queue;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.support.TransactionTemplate;

import dev.longhaul.config.Sha256;

import static dev.longhaul.config.SqlTime.at;
import static dev.longhaul.queue.JobSql.CANCELLED;
import static dev.longhaul.queue.JobSql.DEAD;
import static dev.longhaul.queue.JobSql.READY;
import static dev.longhaul.queue.JobSql.RUNNING;

/**
 * Enqueues jobs and applies operator actions to them (cancel, requeue). An enqueue joins
 * the caller's transaction if there is one, so a job exists exactly when the change that
 * asked for it committed; the queue's executors, here and (on PostgreSQL) on every
 * instance, are woken once it commits.
 * <p>
 * Thread-safe.
 */
public final class JobClient {

	/**
	 * A DEAD job made READY again, due now, with a fresh set of attempts; a cancel
	 * request of its last run is forgotten (else a multi-step job would end CANCELLED
	 * after its first step). Parameters: its due time, the time of the change.
	 */
	private static final String REQUEUE = "UPDATE jobs SET status = " + READY
			+ ", attempts = 0, run_at = ?, last_error = NULL, finished_at = NULL, cancel_requested = FALSE, "
			+ "updated_at = ? ";

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final JobDatabase database;

	private final JobSignals signals;

	private final JobTypes types;

	private final JsonMapper json;

	private final JobQueries queries;

	private final int defaultMaxAttempts;

	private final JobObservations observations;

	public JobClient(JdbcClient jdbc, TransactionTemplate transactions, Clock clock, JobDatabase database,
			JobSignals signals, JobTypes types, JsonMapper json, QueueProperties properties) {
		this(jdbc, transactions, clock, database, signals, types, json, properties, JobObservations.NONE);
	}

	JobClient(JdbcClient jdbc, TransactionTemplate transactions, Clock clock, JobDatabase database, JobSignals signals,
			JobTypes types, JsonMapper json, QueueProperties properties, JobObservations observations) {
		this.observations = observations;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
		this.database = database;
		this.signals = signals;
		this.types = types;
		this.json = json;
		this.queries = new JobQueries(jdbc, clock);
		this.defaultMaxAttempts = properties.maxAttempts();
	}

	// Typed enqueue

	/**
	 * Enqueues a job of the type a handler runs, due now.
	 * @param <P> the payload type
	 * @param handler the handler's class
	 * @param payload the payload, stored as JSON
	 * @return the job, and whether this call created it
	 */
	public <P> Enqueued enqueue(Class<? extends JobHandler<P>> handler, P payload) {
		return enqueue(handler, payload, JobOptions.DEFAULTS);
	}

	/**
	 * Enqueues a job of the type a handler runs.
	 * @param <P> the payload type
	 * @param handler the handler's class
	 * @param payload the payload, stored as JSON
	 * @param options when, how urgent, an idempotency key, attempts
	 * @return the job, and whether this call created it (not if its idempotency key and
	 * payload were enqueued before)
	 * @throws IdempotencyConflictException if the key was used before with another
	 * payload
	 */
	public <P> Enqueued enqueue(Class<? extends JobHandler<P>> handler, P payload, JobOptions options) {
		return enqueue(newJob(this.types.of(handler), payload, options));
	}

	/**
	 * Enqueues a job of a type given by name.
	 * @param type the type's name
	 * @param payload the payload, of the type's payload class
	 * @param options when, how urgent, an idempotency key, attempts
	 * @return the job, and whether this call created it
	 * @throws IllegalArgumentException if no handler runs that type, or the payload is
	 * not of its class
	 * @throws IdempotencyConflictException if the key was used before with another
	 * payload
	 */
	public Enqueued enqueue(String type, Object payload, JobOptions options) {
		return enqueue(newJob(type(type), payload, options));
	}

	private JobType<?> type(String name) {
		return this.types.find(name)
			.orElseThrow(() -> new IllegalArgumentException("No handler runs job type '" + name + "'"));
	}

	/**
	 * Enqueues jobs of one type all or nothing, in one transaction (the caller's, if
	 * there is one).
	 * @param <P> the payload type
	 * @param handler the handler's class
	 * @param payloads the payloads
	 * @param options the options of every job
	 * @return each job, in order
	 */
	public <P> List<Enqueued> enqueueAll(Class<? extends JobHandler<P>> handler, List<? extends P> payloads,
			JobOptions options) {
		JobType<P> type = this.types.of(handler);
		return enqueueAll(payloads.stream().map((payload) -> newJob(type, payload, options)).toList());
	}

	/**
	 * Enqueues jobs of a type given by name all or nothing, in one transaction (the
	 * caller's, if there is one).
	 * @param type the type's name
	 * @param payloads the payloads, of the type's payload class
	 * @param options the options of every job
	 * @return each job, in order
	 */
	public List<Enqueued> enqueueAll(String type, List<?> payloads, JobOptions options) {
		JobType<?> jobType = type(type);
		return enqueueAll(payloads.stream().map((payload) -> newJob(jobType, payload, options)).toList());
	}

	private NewJob newJob(JobType<?> type, Object payload, JobOptions options) {
		if (!type.payloadType().isInstance(payload)) {
			throw new IllegalArgumentException("Job type '" + type.name() + "' takes a " + type.payloadType().getName()
					+ ", not a " + payload.getClass().getName());
		}
		String json = this.json.writeValueAsString(payload);
		JobSettings settings = type.settings();
		return new NewJob(settings.queue(), type.name(), json, options.priority(), options.runAt(),
				(options.maxAttempts() != null) ? options.maxAttempts() : settings.maxAttempts(),
				(options.idempotencyKey() != null) ? options.idempotencyKey().stored() : null,
				(options.idempotencyKey() != null) ? Sha256.hex(json) : null);
	}

	// Untyped enqueue

	/**
	 * Adds a job as given, in the caller's transaction if there is one. With an
	 * idempotency key that was used before in its queue, returns the job that key made
	 * instead.
	 * @param job the job
	 * @return the job, and whether this call created it
	 * @throws IdempotencyConflictException if the key was used before with a different
	 * request hash
	 */
	public Enqueued enqueue(NewJob job) {
		Enqueued enqueued = this.observations.enqueue(job.queue(), job.type(), 1,
				(traceParent) -> this.transactions.execute((status) -> insert(job, traceParent)));
		if (enqueued.created()) {
			this.signals.signalAfterCommit(job.queue());
		}
		return enqueued;
	}

	/**
	 * Adds jobs as given, all or nothing, in one transaction (the caller's, if there is
	 * one).
	 * @param jobs the jobs
	 * @return each job, in order
	 * @throws IdempotencyConflictException if a key was used before with a different
	 * request hash
	 */
	public List<Enqueued> enqueueAll(List<NewJob> jobs) {
		if (jobs.isEmpty()) {
			return List.of();
		}
		// One observation for the batch: its jobs share the traceparent, and so one
		// trace.
		List<Enqueued> enqueued = this.observations.enqueue(jobs.get(0).queue(), jobs.get(0).type(), jobs.size(),
				(traceParent) -> this.transactions
					.execute((status) -> jobs.stream().map((job) -> insert(job, traceParent)).toList()));
		enqueued.stream()
			.filter(Enqueued::created)
			.map((e) -> e.job().queue())
			.distinct()
			.forEach(this.signals::signalAfterCommit);
		return enqueued;
	}

	private Enqueued insert(NewJob job, @Nullable String traceParent) {
		Instant now = this.clock.instant();
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		String conflict = (job.idempotencyKey() != null) ? " ON CONFLICT DO NOTHING" : "";
		int inserted = this.jdbc
			.sql("INSERT INTO jobs (queue, type, payload, status, priority, run_at, attempts, max_attempts, "
					+ "idempotency_key, request_hash, created_at, updated_at, trace_parent) " + "VALUES (?, ?, ?, "
					+ READY + ", ?, ?, 0, ?, ?, ?, ?, ?, ?)" + conflict)
			.params(job.queue(), job.type(), job.payload(), job.priority(),
					at((job.runAt() != null) ? job.runAt() : now),
					(job.maxAttempts() != null) ? job.maxAttempts() : this.defaultMaxAttempts, job.idempotencyKey(),
					job.requestHash(), at(now), at(now), traceParent)
			.update(keys, "id");
		if (inserted == 1) {
			notifyOtherInstances(job.queue());
			long id = keys.getKeyAs(Number.class).longValue();
			return new Enqueued(this.queries.find(id).orElseThrow(), true);
		}
		Job existing = this.jdbc.sql("SELECT " + JobSql.COLUMNS + " FROM jobs WHERE queue = ? AND idempotency_key = ?")
			.params(job.queue(), job.idempotencyKey())
			.query(JobSql::map)
			.single();
		if (existing.requestHash() != null && !existing.requestHash().equals(job.requestHash())) {
			throw new IdempotencyConflictException(job.idempotencyKey(), existing.id());
		}
		return new Enqueued(existing, false);
	}

	/**
	 * On PostgreSQL, tells every instance listening (see {@link PostgresWakeUps}) that
	 * the queue has new work; the notification is delivered when the transaction commits,
	 * and not at all if it rolls back. PostgreSQL folds identical notifications of one
	 * transaction into one.
	 */
	private void notifyOtherInstances(String queue) {
		if (this.database == JobDatabase.POSTGRESQL) {
			this.jdbc.sql("SELECT pg_notify('" + PostgresWakeUps.CHANNEL + "', ?)").param(queue).query((rs) -> {
			});
		}
	}

	// Operator actions

	/**
	 * Cancels a job that has not started.
	 * @param id the job
	 * @return the outcome
	 */
	public JobChange cancel(long id) {
		Instant now = this.clock.instant();
		int changed = this.jdbc
			.sql("UPDATE jobs SET status = " + CANCELLED + ", finished_at = ?, updated_at = ? "
					+ "WHERE id = ? AND status = " + READY)
			.params(at(now), at(now), id)
			.update();
		return outcome(id, changed);
	}

	/**
	 * Cancels a job: at once if it has not started; if it is running, it is marked, and a
	 * multi-step job ends {@link JobStatus#CANCELLED} after its current step (a
	 * single-step job finishes its run).
	 * @param id the job
	 * @return {@link JobChange.Done} with the job cancelled or marked,
	 * {@link JobChange.NotAllowed} if it already ended
	 */
	public JobChange requestCancel(long id) {
		// A job may move between READY and RUNNING meanwhile (claimed, or handed back):
		// try again a few times.
		JobChange change = cancel(id);
		for (int i = 0; i < 3 && change.kind() == JobChange.Kind.NOT_ALLOWED; i++) {
			if (change.job().status() == JobStatus.RUNNING) {
				int marked = this.jdbc
					.sql("UPDATE jobs SET cancel_requested = TRUE, updated_at = ? WHERE id = ? AND status = " + RUNNING)
					.params(at(this.clock.instant()), id)
					.update();
				if (marked == 1) {
					return outcome(id, marked);
				}
			}
			else if (change.job().status() != JobStatus.READY) {
				return change;
			}
			change = cancel(id);
		}
		return change;
	}

	/**
	 * Gives a DEAD job a fresh set of attempts, due now, and forgets its last error and
	 * any cancel request of its last run. Its progress stays: a multi-step job resumes
	 * from its last step.
	 * @param id the job
	 * @return the outcome
	 */
	public JobChange requeue(long id) {
		Instant now = this.clock.instant();
		int changed = this.jdbc.sql(REQUEUE + "WHERE id = ? AND status = " + DEAD)
			.params(at(now), at(now), id)
			.update();
		JobChange change = outcome(id, changed);
		if (change.kind() == JobChange.Kind.DONE) {
			notifyOtherInstances(change.job().queue());
			this.signals.signalAfterCommit(change.job().queue());
		}
		return change;
	}

	/**
	 * Deletes a job that ended ({@code SUCCEEDED}, {@code DEAD} or {@code CANCELLED}), as
	 * the {@code job-cleaner} does once its retention passed.
	 * @param id the job
	 * @return {@link JobChange.Done} with the job as it was, {@link JobChange.NotAllowed}
	 * if it has not ended
	 */
	public JobChange delete(long id) {
		Optional<Job> job = this.queries.find(id);
		if (job.isEmpty()) {
			return new JobChange.NotFound(id);
		}
		int deleted = this.jdbc.sql("DELETE FROM jobs WHERE id = ? AND status IN " + JobSql.ENDED).param(id).update();
		return (deleted == 1) ? new JobChange.Done(job.get()) : outcome(id, 0);
	}

	/**
	 * {@link #requeue Requeues} the {@code DEAD} jobs a filter takes, the oldest first,
	 * in one statement.
	 * @param filter which jobs; statuses other than {@code DEAD} in it take none
	 * @param limit the most jobs to change
	 * @return how many were requeued
	 */
	public int requeueAll(JobFilter filter, int limit) {
		Instant now = this.clock.instant();
		int changed = changeAll(REQUEUE, List.of(at(now), at(now)), JobStatus.DEAD, filter, limit);
		if (changed > 0) {
			Collection<String> queues = (filter.queue() != null) ? List.of(filter.queue()) : this.types.queues();
			queues.forEach((queue) -> {
				notifyOtherInstances(queue);
				this.signals.signalAfterCommit(queue);
			});
		}
		return changed;
	}

	/**
	 * {@link #cancel Cancels} the {@code READY} jobs a filter takes, the oldest first, in
	 * one statement.
	 * @param filter which jobs; statuses other than {@code READY} in it take none
	 * @param limit the most jobs to change
	 * @return how many were cancelled
	 */
	public int cancelAll(JobFilter filter, int limit) {
		Instant now = this.clock.instant();
		return changeAll("UPDATE jobs SET status = " + CANCELLED + ", finished_at = ?, updated_at = ? ",
				List.of(at(now), at(now)), JobStatus.READY, filter, limit);
	}

	/**
	 * {@link #delete Deletes} the jobs that ended a filter takes, the oldest first, in
	 * one statement.
	 * @param filter which jobs; statuses of jobs that have not ended in it take none
	 * @param limit the most jobs to delete
	 * @return how many were deleted
	 */
	public int deleteAll(JobFilter filter, int limit) {
		return changeAll("DELETE FROM jobs ", List.of(), JobStatus.ENDED, filter, limit);
	}

	private int changeAll(String change, List<Object> changeParams, JobStatus from, JobFilter filter, int limit) {
		return changeAll(change, changeParams, EnumSet.of(from), filter, limit);
	}

	/**
	 * One statement that changes the first {@code limit} jobs, by id, that the filter
	 * takes among those in a status the change applies to; the status is checked again on
	 * each row changed, so a job that moved on meanwhile is left alone.
	 */
	private int changeAll(String change, List<Object> changeParams, Set<JobStatus> from, JobFilter filter, int limit) {
		EnumSet<JobStatus> statuses = EnumSet.copyOf(filter.statuses().isEmpty() ? from : filter.statuses());
		statuses.retainAll(from);
		if (statuses.isEmpty()) {
			return 0;
		}
		List<Object> params = new ArrayList<>(changeParams);
		statuses.forEach((status) -> params.add(status.name()));
		List<String> conditions = filter.withStatuses(statuses).conditions(params);
		params.add(limit);
		return this.jdbc
			.sql(change + "WHERE status IN (" + JobSql.placeholders(statuses.size())
					+ ") AND id IN (SELECT id FROM jobs " + "WHERE " + String.join(" AND ", conditions)
					+ " ORDER BY id LIMIT ?)")
			.params(params)
			.update();
	}

	private JobChange outcome(long id, int changed) {
		Optional<Job> job = this.queries.find(id);
		if (job.isEmpty()) {
			return new JobChange.NotFound(id);
		}
		return (changed == 1) ? new JobChange.Done(job.get()) : new JobChange.NotAllowed(job.get());
	}

}
