package dev.longhaul.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.longhaul.queue.JobClient;
import dev.longhaul.queue.JobEngine;
import dev.longhaul.queue.NewJob;
import dev.longhaul.queue.PostgresWakeUps;
import dev.longhaul.worker.LoopWorker;

/**
 * Scenarios 6 and 7, PostgreSQL only: several instances of the application (Spring
 * contexts in this JVM, each with its own pool, workers and LISTEN connection) on one
 * database.
 * <ol start="6">
 * <li>How fast 1, 2 or 3 instances drain a backlog of no-op jobs with their
 * {@code noop-worker}s. The workers are paused while the backlog is built and resumed
 * when the clock starts; the clock stops at the last job's {@code finished_at}, written
 * by the same {@link Clock#systemUTC() clock}.</li>
 * <li>Enqueue-to-start latency across instances: instance A enqueues (its noop worker
 * off), idle instance B (idle delay 60 s) starts the jobs, woken only by PostgreSQL's
 * NOTIFY.</li>
 * </ol>
 */
final class ClusterBenchmark {

	static final int CHUNK = 1000;

	private static final int BATCH_WARM_UP_JOBS = 1000;

	private static final Duration B_IDLE_DELAY = Duration.ofSeconds(60);

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	private static final Duration POLL = Duration.ofMillis(50);

	private ClusterBenchmark() {
	}

	/**
	 * Scenario 6: {@code instances} instances drain {@code jobs} no-op jobs.
	 * @param database a fresh, migrated PostgreSQL database, closed by the caller
	 * @param instances how many instances
	 * @param jobs backlog size
	 * @param limit longest the drain may take; it is cut short after that
	 * @return the rate and how the work was split
	 */
	static DrainResult drain(BenchDatabase database, int instances, int jobs, Duration limit) {
		JdbcClient jdbc = database.jdbc();
		jdbc.sql(NoopWorkers.EFFECTS_TABLE).update();
		BenchQueue queue = database.queue();
		List<RunningApplication> running = new ArrayList<>();
		try {
			for (int i = 0; i < instances; i++) {
				running.add(RunningApplication.startInstance(database.dataSource().getJdbcUrl(), BenchPostgres.user(),
						BenchPostgres.password()));
			}
			List<LoopWorker> workers = running.stream()
				.map((instance) -> instance.bean(JobEngine.class).worker(NoopWorkers.QUEUE).orElseThrow())
				.toList();
			// Warm-up: every instance's JIT, pool and claim path, split as the backlog
			// will be.
			int warmUp = BATCH_WARM_UP_JOBS * instances;
			enqueue(queue, warmUp);
			awaitUntil("the warm-up jobs to finish", TIMEOUT, () -> remaining(jdbc) == 0);
			long lastWarmUpId = jdbc.sql("SELECT MAX(id) FROM jobs").query(Long.class).single();

			workers.forEach((worker) -> worker.pause("benchmark: building the backlog"));
			for (LoopWorker worker : workers) {
				awaitUntil("the noop worker's round to end", TIMEOUT, () -> !worker.snapshot().roundInProgress());
			}
			enqueue(queue, jobs);
			Instant start = Clock.systemUTC().instant();
			for (LoopWorker worker : workers) {
				worker.resume();
				worker.wake();
			}
			long deadline = System.nanoTime() + limit.toNanos();
			boolean partial = false;
			while (remaining(jdbc) > 0) {
				if (System.nanoTime() > deadline) {
					partial = true;
					workers.forEach((worker) -> worker.pause("benchmark: time is up"));
					break;
				}
				LockSupport.parkNanos(POLL.toNanos());
			}
			Instant end = partial ? Clock.systemUTC().instant()
					: jdbc.sql("SELECT MAX(finished_at) FROM jobs WHERE id > ?")
						.param(lastWarmUpId)
						.query(OffsetDateTime.class)
						.single()
						.toInstant();
			long drained = succeeded(jdbc, lastWarmUpId);
			double seconds = Duration.between(start, end).toNanos() / 1e9;
			List<Long> perInstance = jdbc
				.sql("SELECT COUNT(*) FROM noop_effects WHERE job_id > ? GROUP BY instance ORDER BY COUNT(*) DESC")
				.param(lastWarmUpId)
				.query(Long.class)
				.list();
			perInstance = new ArrayList<>(perInstance);
			while (perInstance.size() < instances) {
				perInstance.add(0L);
			}
			long runs = perInstance.stream().mapToLong(Long::longValue).sum();
			long distinct = jdbc.sql("SELECT COUNT(DISTINCT job_id) FROM noop_effects WHERE job_id > ?")
				.param(lastWarmUpId)
				.query(Long.class)
				.single();
			return new DrainResult(drained / seconds, drained, partial, perInstance, runs - distinct);
		}
		finally {
			running.forEach(RunningApplication::close);
		}
	}

	/**
	 * Scenario 7: jobs offered at {@code rate} on instance A and started by idle instance
	 * B.
	 * @param database a fresh, migrated PostgreSQL database, closed by the caller
	 * @param rate jobs per second
	 * @param duration how long
	 * @return the latencies, from A's enqueue call and from its return (the commit) to
	 * the start of B's handler
	 */
	static StartLatencyBenchmark.Result crossInstanceLatency(BenchDatabase database, int rate, Duration duration) {
		database.jdbc().sql(NoopWorkers.EFFECTS_TABLE).update();
		String url = database.dataSource().getJdbcUrl();
		try (RunningApplication a = RunningApplication.startInstance(url, BenchPostgres.user(),
				BenchPostgres.password(), "--longhaul.workers." + NoopWorkers.WORKER + ".enabled=false");
				RunningApplication b = RunningApplication.startInstance(url, BenchPostgres.user(),
						BenchPostgres.password(),
						"--longhaul.workers." + NoopWorkers.WORKER + ".idle-delay=" + B_IDLE_DELAY.toSeconds() + "s")) {
			LoopWorker worker = b.bean(JobEngine.class).worker(NoopWorkers.QUEUE).orElseThrow();
			PostgresWakeUps wakeUps = b.bean(PostgresWakeUps.class);
			awaitUntil("instance B to listen and its noop worker to idle", TIMEOUT,
					() -> wakeUps.isListening() && worker.snapshot().rounds() > 0
							&& !worker.snapshot().roundInProgress() && worker.snapshot().nextRun() != null);
			JobClient client = a.bean(JobClient.class);
			return StartLatencyBenchmark.measure(() -> client.enqueue(NewJob.of(NoopWorkers.QUEUE, "{}")).job().id(),
					b.bean(NoopWorkers.ClaimTimes.class).nanos(), rate, duration);
		}
	}

	private static void enqueue(BenchQueue queue, int count) {
		List<NewJob> chunk = new ArrayList<>(CHUNK);
		for (int i = 0; i < count; i++) {
			chunk.add(NewJob.of(NoopWorkers.QUEUE, "{}"));
			if (chunk.size() == CHUNK || i == count - 1) {
				queue.enqueueAll(chunk);
				chunk.clear();
			}
		}
	}

	/** Jobs not finished yet, read off the claim index. */
	private static long remaining(JdbcClient jdbc) {
		return jdbc.sql("SELECT COUNT(*) FROM jobs WHERE queue = ? AND status IN ('READY', 'RUNNING')")
			.param(NoopWorkers.QUEUE)
			.query(Long.class)
			.single();
	}

	private static long succeeded(JdbcClient jdbc, long afterId) {
		return jdbc.sql("SELECT COUNT(*) FROM jobs WHERE queue = ? AND status = 'SUCCEEDED' AND id > ?")
			.params(NoopWorkers.QUEUE, afterId)
			.query(Long.class)
			.single();
	}

	private static void awaitUntil(String what, Duration timeout, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Timed out after " + timeout + " waiting for " + what);
			}
			LockSupport.parkNanos(POLL.toNanos());
		}
	}

	/**
	 * One drain by several instances.
	 *
	 * @param perSecond jobs per second, from the resume to the last job's
	 * {@code finished_at} (or to the cut-off)
	 * @param drained backlog jobs that succeeded
	 * @param partial whether the drain was cut short
	 * @param perInstance jobs each instance ran, most first
	 * @param duplicates jobs run more than once (expected 0)
	 */
	record DrainResult(double perSecond, long drained, boolean partial, List<Long> perInstance, long duplicates) {

		/**
		 * How the work was split, such as {@code 34/33/33 %}.
		 * @return the shares
		 */
		String split() {
			long total = this.perInstance.stream().mapToLong(Long::longValue).sum();
			return this.perInstance.stream()
				.map((n) -> String.format("%.0f", 100.0 * n / Math.max(1, total)))
				.collect(Collectors.joining("/")) + " %";
		}

	}

}
