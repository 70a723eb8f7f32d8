package dev.longhaul.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.longhaul.worker.LoopWorker;

/**
 * Scenario 1: how fast no-op jobs leave a backlog in the {@code jobs} table.
 * <ul>
 * <li>The raw SQL limit (PostgreSQL): N threads of plain JDBC, each claiming 50 due jobs
 * at a time with {@code FOR UPDATE SKIP LOCKED} (one statement and transaction that
 * leases them, as the engine's claim does) and then deleting them (a second transaction):
 * two durable commits per 50 jobs, what a queue with grouped acknowledgements can
 * approach.</li>
 * <li>The engine: the running application's executor of the {@link BenchJobs#NOOP} type
 * (its handler does nothing), from the resume of its paused worker until every job is
 * SUCCEEDED in the table: the clock stops at the last job's {@code finished_at}, which
 * the completer writes with the same clock, so the poll that sees the end (every 100 ms,
 * to keep its load off the database) adds nothing.</li>
 * </ul>
 */
final class QueueDrainBenchmark {

	/** Jobs each thread claims at once in the raw drain. */
	static final int RAW_CLAIM = 50;

	private static final String RAW_QUEUE = "bench-raw";

	private static final String RAW_CLAIM_SQL = "WITH next AS (SELECT id FROM jobs WHERE queue = ? AND status = 'READY' "
			+ "AND run_at <= now() ORDER BY priority DESC, run_at, id LIMIT ? FOR UPDATE SKIP LOCKED) "
			+ "UPDATE jobs SET status = 'RUNNING', lease_owner = ?, lease_token = ?, "
			+ "lease_until = now() + INTERVAL '5 minutes', started_at = now(), updated_at = now() "
			+ "FROM next WHERE jobs.id = next.id RETURNING jobs.id";

	private static final String RAW_DELETE_SQL = "DELETE FROM jobs WHERE id = ANY (?)";

	private static final Duration POLL = Duration.ofMillis(100);

	private QueueDrainBenchmark() {
	}

	/**
	 * The raw drain of a fresh backlog on PostgreSQL, after a drain of {@code warmUp}
	 * jobs on the same database.
	 * @param database a fresh PostgreSQL database, closed by the caller
	 * @param jobs backlog size
	 * @param warmUp jobs drained first, unmeasured
	 * @param threads claiming threads, each on its own connection
	 * @param limit the longest the drain may take
	 * @return the rate
	 */
	static Result raw(BenchDatabase database, int jobs, int warmUp, int threads, Duration limit)
			throws InterruptedException {
		String url = database.dataSource().getJdbcUrl();
		Backlog.insert(database.dataSource(), RAW_QUEUE, warmUp);
		rawDrain(url, threads, limit);
		Backlog.insert(database.dataSource(), RAW_QUEUE, jobs);
		long start = System.nanoTime();
		long drained = rawDrain(url, threads, limit);
		double seconds = (System.nanoTime() - start) / 1e9;
		long left = database.jdbc()
			.sql("SELECT COUNT(*) FROM jobs WHERE queue = ?")
			.param(RAW_QUEUE)
			.query(Long.class)
			.single();
		if (left == 0 && drained != jobs) {
			throw new IllegalStateException("The raw drain deleted " + drained + " jobs of " + jobs);
		}
		return new Result(drained / seconds, drained, jobs);
	}

	private static long rawDrain(String url, int threads, Duration limit) throws InterruptedException {
		LongAdder deleted = new LongAdder();
		Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
		long deadline = System.nanoTime() + limit.toNanos();
		List<Thread> running = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			Thread thread = new Thread(() -> {
				try (Connection connection = DriverManager.getConnection(url, BenchPostgres.user(),
						BenchPostgres.password())) {
					rawClaimAndDelete(connection, deleted, deadline);
				}
				catch (SQLException | RuntimeException ex) {
					failures.add(ex);
				}
			}, "bench-raw-" + i);
			running.add(thread);
			thread.start();
		}
		for (Thread thread : running) {
			thread.join(limit.toMillis() + 30_000);
		}
		if (!failures.isEmpty()) {
			throw new IllegalStateException("A raw drain thread failed", failures.peek());
		}
		return deleted.sum();
	}

	/**
	 * Claims and deletes until a claim finds nothing: the rows left are then claimed by
	 * other threads, which delete them.
	 */
	private static void rawClaimAndDelete(Connection connection, LongAdder deleted, long deadline) throws SQLException {
		connection.setAutoCommit(true);
		String owner = Thread.currentThread().getName();
		try (PreparedStatement claim = connection.prepareStatement(RAW_CLAIM_SQL);
				PreparedStatement delete = connection.prepareStatement(RAW_DELETE_SQL)) {
			List<Long> ids = new ArrayList<>(RAW_CLAIM);
			while (System.nanoTime() < deadline) {
				ids.clear();
				claim.setString(1, RAW_QUEUE);
				claim.setInt(2, RAW_CLAIM);
				claim.setString(3, owner);
				claim.setString(4, UUID.randomUUID().toString());
				try (ResultSet rows = claim.executeQuery()) {
					while (rows.next()) {
						ids.add(rows.getLong(1));
					}
				}
				if (ids.isEmpty()) {
					return;
				}
				Array array = connection.createArrayOf("bigint", ids.toArray());
				delete.setArray(1, array);
				int count = delete.executeUpdate();
				array.free();
				deleted.add(count);
			}
		}
	}

	/**
	 * The engine's drain of a fresh backlog by the running application's
	 * {@link BenchJobs#NOOP} executor, after a drain of {@code warmUp} jobs.
	 * @param application the running application, on a fresh database
	 * @param jobs backlog size
	 * @param warmUp jobs drained first, unmeasured
	 * @param limit the longest the drain may take
	 * @return the rate
	 */
	static Result engine(RunningApplication application, int jobs, int warmUp, Duration limit) {
		DataSource dataSource = application.dataSource();
		JdbcClient jdbc = JdbcClient.create(dataSource);
		LoopWorker worker = application.worker(BenchJobs.NOOP);
		Backlog.insert(dataSource, BenchJobs.NOOP, warmUp);
		worker.wake();
		awaitUntil("the warm-up jobs to finish", limit, () -> remaining(jdbc) == 0);

		worker.pause("benchmark: building the backlog");
		awaitUntil("the executor's round to end", limit, () -> !worker.snapshot().roundInProgress());
		long lastWarmUpId = lastId(jdbc);
		Backlog.insert(dataSource, BenchJobs.NOOP, jobs);
		Instant start = Clock.systemUTC().instant();
		worker.resume();
		worker.wake();
		long deadline = System.nanoTime() + limit.toNanos();
		boolean partial = false;
		while (remaining(jdbc) > 0) {
			if (System.nanoTime() > deadline) {
				partial = true;
				worker.pause("benchmark: time is up");
				break;
			}
			LockSupport.parkNanos(POLL.toNanos());
		}
		// The clock stops at the last acknowledgement, written by the same clock.
		Instant end = partial ? Clock.systemUTC().instant() : lastFinished(jdbc, lastWarmUpId);
		long succeeded = jdbc.sql("SELECT COUNT(*) FROM jobs WHERE queue = ? AND status = 'SUCCEEDED' AND id > ?")
			.params(BenchJobs.NOOP, lastWarmUpId)
			.query(Long.class)
			.single();
		if (!partial && succeeded != jobs) {
			throw new IllegalStateException(succeeded + " of " + jobs + " no-op jobs SUCCEEDED");
		}
		return new Result(succeeded / (Duration.between(start, end).toNanos() / 1e9), succeeded, jobs);
	}

	/**
	 * The highest job id so far.
	 * @param jdbc the database
	 * @return the id, 0 if there is no job
	 */
	static long lastId(JdbcClient jdbc) {
		return jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM jobs").query(Long.class).single();
	}

	/**
	 * When the last of the jobs after an id was acknowledged, by the completer's clock.
	 * @param jdbc the database
	 * @param afterId the last id before them
	 * @return the latest {@code finished_at}
	 */
	static Instant lastFinished(JdbcClient jdbc, long afterId) {
		return jdbc.sql("SELECT MAX(finished_at) FROM jobs WHERE id > ?")
			.param(afterId)
			.query(OffsetDateTime.class)
			.single()
			.toInstant();
	}

	/** Jobs not finished yet, read off the claim index. */
	private static long remaining(JdbcClient jdbc) {
		return jdbc.sql("SELECT COUNT(*) FROM jobs WHERE queue = ? AND status IN ('READY', 'RUNNING')")
			.param(BenchJobs.NOOP)
			.query(Long.class)
			.single();
	}

	private static void awaitUntil(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Timed out after " + timeout + " waiting for " + what);
			}
			LockSupport.parkNanos(POLL.toNanos());
		}
	}

	/**
	 * The rate of one drain.
	 *
	 * @param perSecond jobs per second
	 * @param drained jobs drained
	 * @param backlog jobs in the backlog
	 */
	record Result(double perSecond, long drained, int backlog) {

		boolean partial() {
			return this.drained < this.backlog;
		}

	}

}
