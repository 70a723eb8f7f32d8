package dev.longhaul.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

import dev.longhaul.queue.NewJob;

/**
 * Scenario 5: what a durable commit costs. Threads call {@link BenchQueue#enqueue} (one
 * job, one transaction, as {@code POST /api/emails} does) for a fixed time on an H2 file
 * database with {@code WRITE_DELAY=0} or H2's default delay, or on PostgreSQL with
 * {@code synchronous_commit} on or off.
 */
final class DurabilityBenchmark {

	static final String QUEUE = "bench-enqueue";

	private static final Duration WARM_UP = Duration.ofSeconds(1);

	private DurabilityBenchmark() {
	}

	/**
	 * Enqueues from {@code threads} threads for {@code duration}, after a one-second
	 * single-threaded warm-up.
	 * @param database the database, closed by the caller
	 * @param threads concurrent enqueuers
	 * @param duration how long
	 * @return enqueues per second
	 */
	static double run(BenchDatabase database, int threads, Duration duration) throws InterruptedException {
		BenchQueue queue = database.queue();
		enqueueFor(queue, 1, WARM_UP);
		return enqueueFor(queue, threads, duration) / (duration.toNanos() / 1e9);
	}

	private static long enqueueFor(BenchQueue queue, int threads, Duration duration) throws InterruptedException {
		LongAdder enqueued = new LongAdder();
		Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
		long until = System.nanoTime() + duration.toNanos();
		List<Thread> running = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			Thread thread = new Thread(() -> {
				try {
					while (System.nanoTime() < until) {
						queue.enqueue(NewJob.of(QUEUE, "{}"));
						enqueued.increment();
					}
				}
				catch (RuntimeException ex) {
					failures.add(ex);
				}
			}, "bench-enqueue-" + i);
			running.add(thread);
			thread.start();
		}
		for (Thread thread : running) {
			thread.join(duration.plusSeconds(30).toMillis());
		}
		if (!failures.isEmpty()) {
			throw new IllegalStateException("An enqueuer failed", failures.peek());
		}
		return enqueued.sum();
	}

}
