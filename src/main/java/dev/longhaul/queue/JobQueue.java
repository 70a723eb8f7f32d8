package dev.longhaul.queue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

import dev.longhaul.config.InstanceId;
import dev.longhaul.queue.Job.Lease;

import static dev.longhaul.config.SqlTime.at;
import static dev.longhaul.config.SqlTime.instant;

/**
 * The durable job queue on the {@code jobs} table, shared by every job type.
 * <p>
 * A claim takes a batch of due jobs with {@code FOR UPDATE SKIP LOCKED} (so instances
 * sharing one PostgreSQL database never take the same job) and gives them a lease: this
 * instance's id, a fresh token and an expiry. Every later update of a claimed job is
 * fenced by that token, so a worker that lost its lease (a long GC pause, after which
 * another instance recovered the job) changes nothing. Enqueue joins the caller's
 * transaction.
 * <p>
 * Thread-safe.
 */
public final class JobQueue {

	private static final Logger logger = LoggerFactory.getLogger(JobQueue.class);

	/**
	 * On H2, {@code SKIP LOCKED} with {@code LIMIT} can hand a second concurrent claimer
	 * no rows although unlocked ones exist. H2 is embedded in one JVM (its file lock
	 * keeps other processes out), so claims there are serialized here.
	 */
	private static final ReentrantLock H2_CLAIM_LOCK = new ReentrantLock();

	private static final String COLUMNS = "id, queue, payload, status, priority, run_at, attempts, max_attempts, "
			+ "lease_owner, lease_token, lease_until, last_error, idempotency_key, request_hash, progress, result, "
			+ "created_at, updated_at, started_at, finished_at";

	private static final int MAX_ERROR_LENGTH = 2000;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final InstanceId instance;

	private final QueueProperties properties;

	private final JobSignals signals;

	private final boolean h2;

	private final JobThroughput throughput;

	/**
	 * How long a claim holds a job; extend it well before it runs out
	 * ({@link #extendLease}).
	 * @return {@code longhaul.queue.lease-duration}
	 */
	public Duration leaseDuration() {
		return this.properties.leaseDuration();
	}

	/**
	 * What this instance finished lately, for the dashboard.
	 * @return the counts of finished tries
	 */
	public JobThroughput throughput() {
		return this.throughput;
	}

	/**
	 * Whether the queue runs on PostgreSQL (else H2).
	 * @return {@code true} on PostgreSQL
	 */
	public boolean onPostgres() {
		return !this.h2;
	}

	public JobQueue(DataSource dataSource, JdbcClient jdbc, TransactionTemplate transactions, Clock clock,
			InstanceId instance, QueueProperties properties, JobSignals signals) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
		this.instance = instance;
		this.properties = properties;
		this.signals = signals;
		this.h2 = "H2".equals(productName(dataSource));
		this.throughput = new JobThroughput(clock);
		if (this.h2) {
			String mode = jdbc.sql("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'MODE'")
				.query(String.class)
				.optional()
				.orElse("");
			if (!"PostgreSQL".equalsIgnoreCase(mode)) {
				throw new IllegalStateException("The job queue needs H2 in PostgreSQL mode, but the database runs in "
						+ "mode '" + mode + "': add ;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH "
						+ "to spring.datasource.url");
			}
		}
	}

	private static String productName(DataSource dataSource) {
		try {
			return JdbcUtils.extractDatabaseMetaData(dataSource, (metaData) -> metaData.getDatabaseProductName());
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException("Cannot tell which database the job queue runs on", ex);
		}
	}

	// Enqueue

	/**
	 * Adds a job, in the caller's transaction if there is one; its queue's workers are
	 * woken once it commits. With an idempotency key that was used before, returns the
	 * job that key made instead.
	 * @param job the job
	 * @return the job, and whether this call created it
	 * @throws IdempotencyConflictException if the key was used before with a different
	 * request hash
	 */
	public Enqueued enqueue(NewJob job) {
		Enqueued enqueued = this.transactions.execute((status) -> insert(job));
		if (enqueued.created()) {
			this.signals.signalAfterCommit(job.queue());
		}
		return enqueued;
	}

	/**
	 * Adds jobs all or nothing, in one transaction (the caller's, if there is one).
	 * @param jobs the jobs
	 * @return each job, in order
	 * @throws IdempotencyConflictException if a key was used before with a different
	 * request hash
	 */
	public List<Enqueued> enqueueAll(List<NewJob> jobs) {
		List<Enqueued> enqueued = this.transactions.execute((status) -> jobs.stream().map(this::insert).toList());
		enqueued.stream()
			.filter(Enqueued::created)
			.map((e) -> e.job().queue())
			.distinct()
			.forEach(this.signals::signalAfterCommit);
		return enqueued;
	}

	private Enqueued insert(NewJob job) {
		Instant now = this.clock.instant();
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		String conflict = (job.idempotencyKey() != null) ? " ON CONFLICT DO NOTHING" : "";
		int inserted = this.jdbc
			.sql("INSERT INTO jobs (queue, payload, status, priority, run_at, attempts, "
					+ "max_attempts, idempotency_key, request_hash, created_at, updated_at) "
					+ "VALUES (?, ?, 'READY', ?, ?, 0, ?, ?, ?, ?, ?)" + conflict)
			.params(job.queue(), job.payload(), job.priority(), at((job.runAt() != null) ? job.runAt() : now),
					(job.maxAttempts() != null) ? job.maxAttempts() : this.properties.maxAttempts(),
					job.idempotencyKey(), job.requestHash(), at(now), at(now))
			.update(keys, "id");
		if (inserted == 1) {
			notifyOtherInstances(job.queue());
			long id = keys.getKeyAs(Number.class).longValue();
			return new Enqueued(find(id).orElseThrow(), true);
		}
		Job existing = this.jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE queue = ? AND idempotency_key = ?")
			.params(job.queue(), job.idempotencyKey())
			.query(JobQueue::mapJob)
			.single();
		if (existing.requestHash() != null && !existing.requestHash().equals(job.requestHash())) {
			throw new IdempotencyConflictException(job.idempotencyKey(), existing.id());
		}
		return new Enqueued(existing, false);
	}

	// Claim and run

	/**
	 * Claims up to {@code limit} due jobs of a queue, highest priority first, then
	 * earliest due, leasing them to this instance for
	 * {@code longhaul.queue.lease-duration}.
	 * @param queue the queue
	 * @param limit the most jobs to claim
	 * @return the claimed jobs, {@link JobStatus#RUNNING}, each with its lease
	 */
	public List<Job> claim(String queue, int limit) {
		if (this.h2) {
			H2_CLAIM_LOCK.lock();
			try {
				return claimInTransaction(queue, limit);
			}
			finally {
				H2_CLAIM_LOCK.unlock();
			}
		}
		return claimInTransaction(queue, limit);
	}

	private List<Job> claimInTransaction(String queue, int limit) {
		Instant now = this.clock.instant();
		String token = UUID.randomUUID().toString();
		Object[] lease = { this.instance.value(), token, at(now.plus(this.properties.leaseDuration())), at(now),
				at(now) };
		return this.transactions.execute((status) -> {
			int claimed = this.h2 ? claimOnH2(queue, limit, now, lease) : claimOnPostgres(queue, limit, now, lease);
			if (claimed == 0) {
				return List.of();
			}
			return this.jdbc
				.sql("SELECT " + COLUMNS + " FROM jobs WHERE lease_token = ? ORDER BY priority DESC, " + "run_at, id")
				.param(token)
				.query(JobQueue::mapJob)
				.list();
		});
	}

	/**
	 * A CTE with {@code FOR UPDATE SKIP LOCKED} is evaluated once, so {@code LIMIT} holds
	 * (a plain {@code IN (subquery)} may be rescanned and claim more rows).
	 */
	private int claimOnPostgres(String queue, int limit, Instant now, Object[] lease) {
		return this.jdbc
			.sql("WITH next AS (SELECT id FROM jobs WHERE queue = ? AND status = 'READY' AND run_at <= ? "
					+ "ORDER BY priority DESC, run_at, id LIMIT ? FOR UPDATE SKIP LOCKED) "
					+ "UPDATE jobs SET status = 'RUNNING', lease_owner = ?, lease_token = ?, lease_until = ?, "
					+ "started_at = ?, updated_at = ? FROM next WHERE jobs.id = next.id")
			.params(concat(new Object[] { queue, at(now), limit }, lease))
			.update();
	}

	/**
	 * Claims are serialized by {@link #H2_CLAIM_LOCK}; the ids are read first, because H2
	 * runs {@code UPDATE ... WHERE id IN (SELECT ... LIMIT n)} in time that grows with
	 * the backlog (1.6 s per claim at 100k jobs, measured by the benchmark). The status
	 * check guards against a cancel in between.
	 */
	private int claimOnH2(String queue, int limit, Instant now, Object[] lease) {
		List<Long> ids = this.jdbc
			.sql("SELECT id FROM jobs WHERE queue = ? AND status = 'READY' AND run_at <= ? "
					+ "ORDER BY priority DESC, run_at, id LIMIT ?")
			.params(queue, at(now), limit)
			.query(Long.class)
			.list();
		if (ids.isEmpty()) {
			return 0;
		}
		String placeholders = placeholders(ids.size());
		return this.jdbc
			.sql("UPDATE jobs SET status = 'RUNNING', lease_owner = ?, lease_token = ?, lease_until = ?, "
					+ "started_at = ?, updated_at = ? WHERE status = 'READY' AND id IN (" + placeholders + ")")
			.params(concat(lease, ids.toArray()))
			.update();
	}

	/**
	 * Extends a lease by {@code longhaul.queue.lease-duration} from now: the heartbeat of
	 * a long job.
	 * @param lease the lease
	 * @return {@code false} if the lease was lost (the job was recovered by another
	 * instance)
	 */
	public boolean extendLease(Lease lease) {
		Instant now = this.clock.instant();
		return fenced(lease, "lease_until = ?, updated_at = ?", at(now.plus(this.properties.leaseDuration())), at(now));
	}

	/**
	 * Stores a job's checkpoint and extends its lease, in one statement.
	 * @param lease the lease
	 * @param progress the checkpoint, as JSON
	 * @return {@code false} if the lease was lost
	 */
	public boolean saveProgress(Lease lease, String progress) {
		Instant now = this.clock.instant();
		return fenced(lease, "progress = ?, lease_until = ?, updated_at = ?", progress,
				at(now.plus(this.properties.leaseDuration())), at(now));
	}

	/**
	 * Marks a claimed job done.
	 * @param lease the lease
	 * @param result what it produced, or {@code null}
	 * @return {@code false} if the lease was lost: another instance owns the job now, and
	 * nothing changed
	 */
	public boolean complete(Lease lease, @Nullable String result) {
		Instant now = this.clock.instant();
		boolean done = fenced(lease,
				"status = 'SUCCEEDED', result = ?, lease_owner = NULL, lease_token = NULL, lease_until = NULL, "
						+ "finished_at = ?, updated_at = ?",
				result, at(now), at(now));
		if (done) {
			this.throughput.record(true);
		}
		else {
			logger.warn("Job {} completed after its lease was lost; the result of its new owner stands", lease.jobId());
		}
		return done;
	}

	/**
	 * Records a failed try: a retryable failure goes back to the queue after a backoff
	 * until its attempts run out; then, or at once if not retryable, the job is
	 * {@link JobStatus#DEAD}.
	 * @param lease the lease
	 * @param error why it failed, for people
	 * @param retryable whether another try may succeed
	 * @return what became of the job
	 */
	public FailOutcome fail(Lease lease, String error, boolean retryable) {
		Instant now = this.clock.instant();
		String message = truncate(error);
		FailOutcome outcome = this.transactions.execute((status) -> {
			Optional<Integer[]> counts = this.jdbc
				.sql("SELECT attempts, max_attempts FROM jobs WHERE id = ? AND lease_token = ? AND status = 'RUNNING'")
				.params(lease.jobId(), lease.token())
				.query((rs, row) -> new Integer[] { rs.getInt(1), rs.getInt(2) })
				.optional();
			if (counts.isEmpty()) {
				return FailOutcome.LEASE_LOST;
			}
			int attempts = counts.get()[0] + 1;
			if (retryable && attempts < counts.get()[1]) {
				Instant retryAt = now.plus(this.properties.retryBackoff().delay(attempts));
				boolean retried = fenced(lease,
						"status = 'READY', attempts = ?, run_at = ?, last_error = ?, lease_owner = NULL, "
								+ "lease_token = NULL, lease_until = NULL, updated_at = ?",
						attempts, at(retryAt), message, at(now));
				return retried ? FailOutcome.RETRY_SCHEDULED : FailOutcome.LEASE_LOST;
			}
			boolean died = fenced(lease,
					"status = 'DEAD', attempts = ?, last_error = ?, lease_owner = NULL, lease_token = NULL, "
							+ "lease_until = NULL, finished_at = ?, updated_at = ?",
					attempts, message, at(now), at(now));
			return died ? FailOutcome.DEAD : FailOutcome.LEASE_LOST;
		});
		if (outcome != FailOutcome.LEASE_LOST) {
			this.throughput.record(false);
		}
		return outcome;
	}

	/**
	 * Hands claimed work back without counting a try: for jobs claimed but not started
	 * when a worker stops, or not sent because the server was unreachable before the
	 * first byte.
	 * @param lease the lease
	 * @return {@code false} if the lease was lost
	 */
	public boolean release(Lease lease) {
		Instant now = this.clock.instant();
		boolean released = fenced(lease,
				"status = 'READY', lease_owner = NULL, lease_token = NULL, lease_until = NULL, updated_at = ?",
				at(now));
		if (released) {
			this.signals.signal(queueOf(lease.jobId()));
		}
		return released;
	}

	/**
	 * Hands claimed work back without counting a try, noting why: for jobs a worker could
	 * not start because a dependency is down (an SMTP server that refuses connections),
	 * which is no fault of the job.
	 * @param lease the lease
	 * @param reason why, kept as the job's last error
	 * @return {@code false} if the lease was lost
	 */
	public boolean defer(Lease lease, String reason) {
		Instant now = this.clock.instant();
		return fenced(lease, "status = 'READY', last_error = ?, lease_owner = NULL, lease_token = NULL, "
				+ "lease_until = NULL, updated_at = ?", truncate(reason), at(now));
	}

	/**
	 * On PostgreSQL, tells every instance listening (see {@link PostgresWakeUps}) that
	 * the queue has new work; the notification is delivered when the transaction commits,
	 * and not at all if it rolls back. PostgreSQL folds identical notifications of one
	 * transaction into one.
	 */
	private void notifyOtherInstances(String queue) {
		if (!this.h2) {
			this.jdbc.sql("SELECT pg_notify('" + PostgresWakeUps.CHANNEL + "', ?)").param(queue).query((rs) -> {
			});
		}
	}

	/** {@code ?, ?, ?} for an {@code IN} list of {@code count} values. */
	private static String placeholders(int count) {
		return String.join(", ", java.util.Collections.nCopies(count, "?"));
	}

	private static Object[] concat(Object[] first, Object[] second) {
		Object[] all = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, all, first.length, second.length);
		return all;
	}

	private String queueOf(long id) {
		return this.jdbc.sql("SELECT queue FROM jobs WHERE id = ?").param(id).query(String.class).single();
	}

	private boolean fenced(Lease lease, String assignments, @Nullable Object... values) {
		List<@Nullable Object> params = new ArrayList<>(values.length + 2);
		for (Object value : values) {
			params.add(value);
		}
		params.add(lease.jobId());
		params.add(lease.token());
		return this.jdbc
			.sql("UPDATE jobs SET " + assignments + " WHERE id = ? AND lease_token = ? AND status = 'RUNNING'")
			.params(params)
			.update() == 1;
	}

	// Housekeeping

	/**
	 * Returns jobs whose lease ran out (their instance crashed or hung) to the queue,
	 * counting the lost try as an attempt; a job out of attempts is DEAD.
	 * @return how many jobs came back or died
	 */
	public int recoverExpiredLeases() {
		Instant now = this.clock.instant();
		int recovered = this.jdbc
			.sql("UPDATE jobs SET " + "status = CASE WHEN attempts + 1 >= max_attempts THEN 'DEAD' ELSE 'READY' END, "
					+ "finished_at = CASE WHEN attempts + 1 >= max_attempts THEN ? ELSE NULL END, "
					+ "attempts = attempts + 1, last_error = 'Lease of instance ' || lease_owner || ' expired', "
					+ "lease_owner = NULL, lease_token = NULL, lease_until = NULL, run_at = ?, updated_at = ? "
					+ "WHERE status = 'RUNNING' AND lease_until < ?")
			.params(at(now), at(now), at(now), at(now))
			.update();
		if (recovered > 0) {
			logger.warn("Recovered {} job(s) whose lease expired", recovered);
			this.signals.signalAll();
			this.signals.queues().forEach(this::notifyOtherInstances);
		}
		return recovered;
	}

	// Operator actions

	/**
	 * Cancels a job that has not started.
	 * @param id the job
	 * @return the outcome
	 */
	public Change cancel(long id) {
		Instant now = this.clock.instant();
		int changed = this.jdbc
			.sql("UPDATE jobs SET status = 'CANCELLED', finished_at = ?, updated_at = ? "
					+ "WHERE id = ? AND status = 'READY'")
			.params(at(now), at(now), id)
			.update();
		return outcome(id, changed);
	}

	/**
	 * Cancels a job: at once if it has not started; if it is running, its worker is asked
	 * to stop at its next checkpoint ({@link #isCancelRequested}, then
	 * {@link #cancelRunning}).
	 * @param id the job
	 * @return {@link Change.Done} with the job cancelled or marked,
	 * {@link Change.NotAllowed} if it already ended
	 */
	public Change requestCancel(long id) {
		// A job may move between READY and RUNNING meanwhile (claimed, or handed back):
		// try again a few times.
		Change change = cancel(id);
		for (int i = 0; i < 3 && change instanceof Change.NotAllowed notAllowed; i++) {
			if (notAllowed.job().status() == JobStatus.RUNNING) {
				int marked = this.jdbc
					.sql("UPDATE jobs SET cancel_requested = TRUE, updated_at = ? WHERE id = ? AND status = 'RUNNING'")
					.params(at(this.clock.instant()), id)
					.update();
				if (marked == 1) {
					return outcome(id, marked);
				}
			}
			else if (notAllowed.job().status() != JobStatus.READY) {
				return change;
			}
			change = cancel(id);
		}
		return change;
	}

	/**
	 * Whether someone asked to cancel a running job.
	 * @param lease the job's lease
	 * @return {@code true} if its worker should stop it
	 */
	public boolean isCancelRequested(Lease lease) {
		return this.jdbc.sql("SELECT cancel_requested FROM jobs WHERE id = ? AND lease_token = ?")
			.params(lease.jobId(), lease.token())
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	/**
	 * Ends a running job as cancelled, once its worker has stopped working on it.
	 * @param lease the lease
	 * @return {@code false} if the lease was lost
	 */
	public boolean cancelRunning(Lease lease) {
		Instant now = this.clock.instant();
		return fenced(lease, "status = 'CANCELLED', lease_owner = NULL, lease_token = NULL, lease_until = NULL, "
				+ "finished_at = ?, updated_at = ?", at(now), at(now));
	}

	/**
	 * Deletes jobs that ended ({@code SUCCEEDED}, {@code DEAD} or {@code CANCELLED})
	 * before a time, in every queue, a batch at a time, so that the table stays bounded.
	 * @param before jobs that ended before this time
	 * @param limit the most jobs to delete
	 * @return how many were deleted
	 */
	public int deleteFinished(Instant before, int limit) {
		List<Long> ids = this.jdbc
			.sql("SELECT id FROM jobs WHERE status IN ('SUCCEEDED', 'DEAD', 'CANCELLED') AND finished_at < ? "
					+ "ORDER BY finished_at LIMIT ?")
			.params(at(before), limit)
			.query(Long.class)
			.list();
		if (ids.isEmpty()) {
			return 0;
		}
		String placeholders = placeholders(ids.size());
		return this.jdbc.sql("DELETE FROM jobs WHERE id IN (" + placeholders + ")").params(ids).update();
	}

	/**
	 * Gives a DEAD job a fresh set of attempts, due now, and forgets its last error.
	 * @param id the job
	 * @return the outcome
	 */
	public Change requeue(long id) {
		Instant now = this.clock.instant();
		int changed = this.jdbc
			.sql("UPDATE jobs SET status = 'READY', attempts = 0, run_at = ?, last_error = NULL, finished_at = NULL, "
					+ "updated_at = ? WHERE id = ? AND status = 'DEAD'")
			.params(at(now), at(now), id)
			.update();
		Change change = outcome(id, changed);
		if (change instanceof Change.Done done) {
			notifyOtherInstances(done.job().queue());
			this.signals.signalAfterCommit(done.job().queue());
		}
		return change;
	}

	private Change outcome(long id, int changed) {
		Optional<Job> job = find(id);
		if (job.isEmpty()) {
			return new Change.NotFound(id);
		}
		return (changed == 1) ? new Change.Done(job.get()) : new Change.NotAllowed(job.get());
	}

	// Queries

	/**
	 * A job by id.
	 * @param id the id
	 * @return the job, if it exists
	 */
	public Optional<Job> find(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE id = ?")
			.param(id)
			.query(JobQueue::mapJob)
			.optional();
	}

	/**
	 * A page of a queue's jobs, newest first.
	 * @param queue the queue
	 * @param status only jobs in this status, or all if {@code null}
	 * @param retried with {@link JobStatus#READY}: only jobs tried before ({@code true})
	 * or never ({@code false})
	 * @param page the page, from 0
	 * @param size jobs per page
	 * @return the page
	 */
	public JobPage list(String queue, @Nullable JobStatus status, @Nullable Boolean withError, int page, int size) {
		StringBuilder where = new StringBuilder(" WHERE queue = ?");
		List<Object> params = new ArrayList<>(List.of(queue));
		if (status != null) {
			where.append(" AND status = ?");
			params.add(status.name());
		}
		if (withError != null) {
			where.append(withError ? " AND last_error IS NOT NULL" : " AND last_error IS NULL");
		}
		long total = this.jdbc.sql("SELECT COUNT(*) FROM jobs" + where).params(params).query(Long.class).single();
		List<Object> pageParams = new ArrayList<>(params);
		pageParams.add(size);
		pageParams.add((long) page * size);
		List<Job> jobs = this.jdbc
			.sql("SELECT " + COLUMNS + " FROM jobs" + where + " ORDER BY id DESC LIMIT ? OFFSET ?")
			.params(pageParams)
			.query(JobQueue::mapJob)
			.list();
		return new JobPage(jobs, page, size, total);
	}

	/**
	 * How many jobs a queue has in each status.
	 * @param queue the queue
	 * @return counts, every status present
	 */
	public Map<JobStatus, Long> countByStatus(String queue) {
		Map<JobStatus, Long> counts = zeroCounts();
		this.jdbc.sql("SELECT status, COUNT(*) FROM jobs WHERE queue = ? GROUP BY status").param(queue).query((rs) -> {
			counts.put(JobStatus.valueOf(rs.getString(1)), rs.getLong(2));
		});
		return counts;
	}

	/**
	 * How many jobs each queue has in each status.
	 * @return counts by queue name, sorted, every status present
	 */
	public Map<String, Map<JobStatus, Long>> countAll() {
		Map<String, Map<JobStatus, Long>> counts = new TreeMap<>();
		this.jdbc.sql("SELECT queue, status, COUNT(*) FROM jobs GROUP BY queue, status").query((rs) -> {
			counts.computeIfAbsent(rs.getString(1), (queue) -> zeroCounts())
				.put(JobStatus.valueOf(rs.getString(2)), rs.getLong(3));
		});
		return counts;
	}

	static Map<JobStatus, Long> zeroCounts() {
		Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
		for (JobStatus status : JobStatus.values()) {
			counts.put(status, 0L);
		}
		return counts;
	}

	/**
	 * When the longest-waiting due job of a queue became due.
	 * @param queue the queue
	 * @return its due time, if the queue has a due job
	 */
	public Optional<Instant> oldestDue(String queue) {
		return this.jdbc.sql("SELECT MIN(run_at) FROM jobs WHERE queue = ? AND status = 'READY' AND run_at <= ?")
			.params(queue, at(this.clock.instant()))
			.query((rs, row) -> instant(rs, 1))
			.optional();
	}

	// Mapping

	private static String truncate(String error) {
		return (error.length() <= MAX_ERROR_LENGTH) ? error : error.substring(0, MAX_ERROR_LENGTH - 1) + "…";
	}

	static Job mapJob(ResultSet rs, int row) throws SQLException {
		return new Job(rs.getLong("id"), rs.getString("queue"), rs.getString("payload"),
				JobStatus.valueOf(rs.getString("status")), rs.getInt("priority"), instant(rs, "run_at"),
				rs.getInt("attempts"), rs.getInt("max_attempts"), rs.getString("lease_owner"),
				rs.getString("lease_token"), instant(rs, "lease_until"), rs.getString("last_error"),
				rs.getString("idempotency_key"), rs.getString("request_hash"), rs.getString("progress"),
				rs.getString("result"), instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "started_at"),
				instant(rs, "finished_at"));
	}

	/**
	 * What became of a failed job.
	 */
	public enum FailOutcome {

		/** Back in the queue, due after a backoff. */
		RETRY_SCHEDULED,

		/** Out of attempts, or not retryable. */
		DEAD,

		/** The lease was lost: another instance owns the job, and nothing changed. */
		LEASE_LOST

	}

	/**
	 * The outcome of an operator action on a job.
	 */
	public sealed interface Change {

		/**
		 * The action was done.
		 *
		 * @param job the job after it
		 */
		record Done(Job job) implements Change {
		}

		/**
		 * The job's status does not allow the action.
		 *
		 * @param job the job, unchanged
		 */
		record NotAllowed(Job job) implements Change {
		}

		/**
		 * No job has that id.
		 *
		 * @param id the id
		 */
		record NotFound(long id) implements Change {
		}

	}

	/**
	 * A page of jobs.
	 *
	 * @param jobs the jobs on it
	 * @param page its number, from 0
	 * @param size its size
	 * @param total jobs on all pages
	 */
	public record JobPage(List<Job> jobs, int page, int size, long total) {
	}

}
