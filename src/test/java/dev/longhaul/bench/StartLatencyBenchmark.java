package dev.longhaul.bench;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import dev.longhaul.queue.Enqueued;
import dev.longhaul.queue.Job;
import dev.longhaul.queue.JobSignals;
import dev.longhaul.queue.NewJob;
import dev.longhaul.worker.LoopWorker;
import dev.longhaul.worker.RoundResult;
import dev.longhaul.worker.WorkerFactory;
import dev.longhaul.worker.WorkerObserver;
import dev.longhaul.worker.WorkerSettings;
import dev.longhaul.worker.WorkersProperties;

/**
 * Scenario 3: enqueue-to-start latency with an idle worker. One thread enqueues no-op
 * jobs at a fixed rate; a loop worker made by the {@link WorkerFactory} and woken by
 * {@link JobSignals}, as the application wires the email sender, claims them and notes
 * when each claim returned. The idle delay is long (30 s), so only the wake-up path is
 * measured, never polling.
 */
final class StartLatencyBenchmark {

	static final String QUEUE = "bench-latency";

	private static final Duration IDLE_DELAY = Duration.ofSeconds(30);

	private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

	private StartLatencyBenchmark() {
	}

	/**
	 * Offers jobs at {@code rate} for {@code duration}, after one second of warm-up.
	 * @param database a fresh database, closed by the caller
	 * @param rate jobs per second
	 * @param duration how long
	 * @return the latencies, from the enqueue call and from its return (the commit)
	 */
	static Result run(BenchDatabase database, int rate, Duration duration) throws InterruptedException {
		BenchQueue queue = database.queue();
		JobSignals signals = queue.signals();
		Map<Long, Long> startedAt = new ConcurrentHashMap<>();
		WorkerFactory workers = new WorkerFactory(new WorkersProperties(Map.of()), Clock.systemUTC(),
				WorkerObserver.NONE, (reason) -> {
				});
		LoopWorker worker = workers.loop("bench-latency", WorkerSettings.loop(IDLE_DELAY), (stop) -> {
			List<Job> batch = queue.claim(QUEUE, 100);
			long claimed = System.nanoTime();
			for (Job job : batch) {
				startedAt.put(job.id(), claimed);
				queue.complete(job.lease());
			}
			return batch.isEmpty() ? RoundResult.IDLE : RoundResult.MORE_WORK;
		});
		signals.onWork(QUEUE, worker::wake);
		worker.start();
		try {
			return measure(queue::enqueue, QUEUE, startedAt, rate, duration);
		}
		finally {
			worker.stop();
		}
	}

	/**
	 * Offers jobs at {@code rate} for {@code duration}, after one second of warm-up, and
	 * waits until each has started.
	 * @param queue where the jobs are enqueued, one per transaction
	 * @param queueName the queue they go to
	 * @param startedAt filled by the worker: job id to {@link System#nanoTime()} when the
	 * claim that took it returned
	 * @param rate jobs per second
	 * @param duration how long
	 * @return the latencies, from the enqueue call and from its return (the commit)
	 */
	static Result measure(Function<NewJob, Enqueued> queue, String queueName, Map<Long, Long> startedAt, int rate,
			Duration duration) {
		offer(queue, queueName, startedAt, rate, rate);
		int count = (int) (rate * duration.toMillis() / 1000);
		Offered offered = offer(queue, queueName, startedAt, rate, count);
		long[] fromCall = new long[count];
		long[] fromCommit = new long[count];
		for (int i = 0; i < count; i++) {
			long started = startedAt.get(offered.ids[i]);
			fromCall[i] = started - offered.callNanos[i];
			fromCommit[i] = Math.max(0, started - offered.returnNanos[i]);
		}
		return new Result(Latencies.ofNanos(fromCall), Latencies.ofNanos(fromCommit), offered.achievedRate());
	}

	private static Offered offer(Function<NewJob, Enqueued> queue, String queueName, Map<Long, Long> startedAt,
			int rate, int count) {
		long interval = 1_000_000_000L / rate;
		Offered offered = new Offered(new long[count], new long[count], new long[count]);
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			long due = start + i * interval;
			for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
				LockSupport.parkNanos(wait);
			}
			offered.callNanos[i] = System.nanoTime();
			offered.ids[i] = queue.apply(NewJob.of(queueName, "{}")).job().id();
			offered.returnNanos[i] = System.nanoTime();
		}
		long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
		for (long id : offered.ids) {
			while (!startedAt.containsKey(id)) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Job " + id + " did not start within " + SETTLE_TIMEOUT);
				}
				LockSupport.parkNanos(1_000_000);
			}
		}
		return offered;
	}

	private record Offered(long[] ids, long[] callNanos, long[] returnNanos) {

		double achievedRate() {
			int last = this.callNanos.length - 1;
			return (last > 0) ? last * 1e9 / (this.callNanos[last] - this.callNanos[0]) : 0;
		}

	}

	/**
	 * The latencies of one run.
	 *
	 * @param fromCall from the enqueue call to the claim that started the job
	 * @param fromCommit from the enqueue's return (its commit) to that claim; 0 when the
	 * worker claimed it before the enqueuing thread got back
	 * @param offeredRate the rate actually offered, jobs per second
	 */
	record Result(Latencies fromCall, Latencies fromCommit, double offeredRate) {
	}

}
