package dev.longhaul.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import dev.longhaul.queue.JobClient;
import dev.longhaul.queue.JobOptions;
import dev.longhaul.worker.LoopWorker;
import dev.longhaul.worker.WorkerSnapshot;

/**
 * Scenario 3: enqueue-to-start latency through the engine, with an idle executor. One
 * thread enqueues jobs of the {@link BenchJobs#LATENCY} type at a fixed rate through the
 * running application's {@link JobClient} (one job per transaction); the executor's
 * worker waits with a long idle delay, so only the enqueue's signal wakes it in time, and
 * the handler notes when each job started.
 */
final class StartLatencyBenchmark {

	/** The latency executor's idle delay: far longer than any latency measured. */
	static final Duration IDLE_DELAY = Duration.ofSeconds(30);

	private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

	private StartLatencyBenchmark() {
	}

	/**
	 * Offers jobs at {@code rate} for {@code duration}, after one second of warm-up.
	 * @param application the running application, started with {@link #IDLE_DELAY} for
	 * the latency type's worker
	 * @param rate jobs per second
	 * @param duration how long
	 * @return the latencies, from the enqueue call and from its return (the commit)
	 */
	static Result run(RunningApplication application, int rate, Duration duration) {
		LoopWorker worker = application.worker(BenchJobs.LATENCY);
		awaitIdle(worker);
		JobClient client = application.bean(JobClient.class);
		BenchJobs.LatencyJobs handler = application.bean(BenchJobs.LatencyJobs.class);
		return measure(() -> client.enqueue(BenchJobs.LATENCY, new BenchJobs.Empty(), JobOptions.DEFAULTS).job().id(),
				handler.startedAt(), rate, duration);
	}

	/**
	 * Waits until a worker has run a round and waits idle.
	 * @param worker the worker
	 */
	static void awaitIdle(LoopWorker worker) {
		long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
		while (true) {
			WorkerSnapshot snapshot = worker.snapshot();
			if (snapshot.rounds() > 0 && !snapshot.roundInProgress() && snapshot.nextRun() != null) {
				return;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Worker '" + worker.name() + "' is not idle: " + snapshot);
			}
			LockSupport.parkNanos(10_000_000);
		}
	}

	/**
	 * Offers jobs at {@code rate} for {@code duration}, after one second of warm-up, and
	 * waits until each has started.
	 * @param enqueue enqueues one job, in a transaction of its own, and returns its id
	 * @param startedAt filled by the handler: job id to {@link System#nanoTime()} when it
	 * started
	 * @param rate jobs per second
	 * @param duration how long
	 * @return the latencies, from the enqueue call and from its return (the commit)
	 */
	static Result measure(LongSupplier enqueue, Map<Long, Long> startedAt, int rate, Duration duration) {
		offer(enqueue, startedAt, rate, rate);
		int count = (int) (rate * duration.toMillis() / 1000);
		Offered offered = offer(enqueue, startedAt, rate, count);
		long[] fromCall = new long[count];
		long[] fromCommit = new long[count];
		for (int i = 0; i < count; i++) {
			long started = startedAt.get(offered.ids[i]);
			fromCall[i] = started - offered.callNanos[i];
			fromCommit[i] = Math.max(0, started - offered.returnNanos[i]);
		}
		return new Result(Latencies.ofNanos(fromCall), Latencies.ofNanos(fromCommit), offered.achievedRate());
	}

	private static Offered offer(LongSupplier enqueue, Map<Long, Long> startedAt, int rate, int count) {
		long interval = 1_000_000_000L / rate;
		Offered offered = new Offered(new long[count], new long[count], new long[count]);
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			long due = start + i * interval;
			for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
				LockSupport.parkNanos(wait);
			}
			offered.callNanos[i] = System.nanoTime();
			offered.ids[i] = enqueue.getAsLong();
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
	 * @param fromCall from the enqueue call to the handler's start
	 * @param fromCommit from the enqueue's return (its commit) to the handler's start; 0
	 * when the job started before the enqueuing thread got back
	 * @param offeredRate the rate actually offered, jobs per second
	 */
	record Result(Latencies fromCall, Latencies fromCommit, double offeredRate) {
	}

}
