package dev.longhaul.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

import dev.longhaul.queue.Job;
import dev.longhaul.queue.JobSignals;
import dev.longhaul.queue.JobStatus;
import dev.longhaul.queue.NewJob;

/**
 * Scenario 1: how fast the queue engine drains a backlog of no-op jobs. Builds the
 * backlog with {@link BenchQueue#enqueueAll} in chunks of 1000, then N threads each claim
 * batches of 100 and complete every job until the queue is empty.
 */
final class QueueDrainBenchmark {

	static final String QUEUE = "bench-drain";

	static final int CHUNK = 1000;

	static final int CLAIM_BATCH = 100;

	private QueueDrainBenchmark() {
	}

	/**
	 * One drain of a fresh backlog on the given database.
	 * @param database a fresh database, closed by the caller
	 * @param jobs backlog size
	 * @param workers claimer threads
	 * @param limit the longest the drain may take; the threads stop then, and the rate is
	 * that of the part drained
	 * @return the rates
	 */
	static Result run(BenchDatabase database, int jobs, int workers, Duration limit) throws InterruptedException {
		BenchQueue queue = database.queue();
		long buildStart = System.nanoTime();
		List<NewJob> chunk = Collections.nCopies(CHUNK, NewJob.of(QUEUE, "{}"));
		for (int enqueued = 0; enqueued < jobs; enqueued += CHUNK) {
			queue.enqueueAll(chunk.subList(0, Math.min(CHUNK, jobs - enqueued)));
		}
		double buildSeconds = (System.nanoTime() - buildStart) / 1e9;

		LongAdder completed = new LongAdder();
		Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
		long deadline = System.nanoTime() + limit.toNanos();
		List<Thread> threads = new ArrayList<>();
		long drainStart = System.nanoTime();
		for (int i = 0; i < workers; i++) {
			Thread thread = new Thread(() -> {
				try {
					drain(queue, completed, deadline);
				}
				catch (RuntimeException | Error ex) {
					failures.add(ex);
				}
			}, "bench-drain-" + i);
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join(limit.toMillis() + 30_000);
		}
		double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
		if (!failures.isEmpty()) {
			throw new IllegalStateException("A drain thread failed", failures.peek());
		}
		long succeeded = queue.countByStatus(QUEUE).get(JobStatus.SUCCEEDED);
		if (succeeded != completed.sum()) {
			throw new IllegalStateException(
					succeeded + " jobs succeeded but the drain threads completed " + completed.sum());
		}
		return new Result(jobs / buildSeconds, succeeded / drainSeconds, succeeded, jobs);
	}

	private static void drain(BenchQueue queue, LongAdder completed, long deadline) {
		while (System.nanoTime() < deadline) {
			List<Job> batch = queue.claim(QUEUE, CLAIM_BATCH);
			if (batch.isEmpty()) {
				// Another thread's claim may hold the last rows; the queue is drained
				// when none is left READY.
				if (queue.countByStatus(QUEUE).get(JobStatus.READY) == 0) {
					return;
				}
				Thread.onSpinWait();
				continue;
			}
			for (Job job : batch) {
				if (!queue.complete(job.lease())) {
					throw new IllegalStateException("Lost the lease of job " + job.id());
				}
				completed.increment();
			}
		}
	}

	/**
	 * The rates of one drain.
	 *
	 * @param enqueuePerSecond jobs per second while the backlog was built
	 * @param drainPerSecond jobs per second claimed and completed
	 * @param drained jobs completed
	 * @param backlog jobs enqueued
	 */
	record Result(double enqueuePerSecond, double drainPerSecond, long drained, int backlog) {

		boolean partial() {
			return this.drained < this.backlog;
		}

	}

}
