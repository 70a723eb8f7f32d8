package dev.longhaul.worker;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sees one stop of a worker through on a thread of its own ({@code <worker>-stop}), so
 * that {@link Worker#stop(Runnable)} never blocks: waits for the worker's thread to end,
 * interrupts its round at the shutdown timeout, waits a grace more, then completes
 * {@link #stopped()} whether or not the thread ended, and logs how long the stop took.
 * <p>
 * Made by the thread that requests the stop, run by its own thread, read by any: what it
 * records is volatile and set before {@link #stopped()} completes.
 */
final class StopWatchdog {

	// The worker's logger, so that these lines read as the worker's own.
	private static final Logger logger = LoggerFactory.getLogger(Worker.class);

	private final String workerName;

	private final @Nullable Thread worker;

	private final CompletableFuture<Void> terminated;

	private final Duration timeout;

	private final Duration grace;

	private final CompletableFuture<Void> stopped = new CompletableFuture<>();

	private volatile @Nullable Duration took;

	private volatile boolean interrupted;

	/**
	 * Makes a watchdog for one stop; {@link #start()} sets it going.
	 * @param workerName the worker's name
	 * @param worker the worker's thread
	 * @param terminated completes when the worker's thread has left its loop
	 * @param timeout how long the round may go on before it is interrupted
	 * @param grace how long an interrupted round gets to end before the stop completes
	 * anyway
	 */
	StopWatchdog(String workerName, @Nullable Thread worker, CompletableFuture<Void> terminated, Duration timeout,
			Duration grace) {
		this.workerName = workerName;
		this.worker = worker;
		this.terminated = terminated;
		this.timeout = timeout;
		this.grace = grace;
	}

	/** Starts watching; call once. */
	void start() {
		long requested = System.nanoTime();
		Thread watcher = new Thread(() -> watch(requested), this.workerName + "-stop");
		watcher.setDaemon(true);
		watcher.start();
	}

	private void watch(long requested) {
		Thread worker = this.worker;
		if (!await(this.terminated, this.timeout) && worker != null) {
			this.interrupted = true;
			logger.warn("Worker '{}' still running its round after shutdown timeout {}; interrupting it",
					this.workerName, Durations.format(this.timeout));
			worker.interrupt();
			if (!await(this.terminated, this.grace)) {
				logger.warn("Worker '{}' ignored the interrupt; its stop completes without it", this.workerName);
			}
		}
		Duration took = Duration.ofNanos(System.nanoTime() - requested);
		this.took = took;
		logger.info("Worker '{}' stopped in {} ms{}", this.workerName, took.toMillis(),
				this.interrupted ? " (interrupted)" : "");
		this.stopped.complete(null);
	}

	/**
	 * Completes once the stop is over: the worker's thread ended, or ignored the
	 * interrupt for the whole grace.
	 * @return the future, never failed
	 */
	CompletableFuture<Void> stopped() {
		return this.stopped;
	}

	/**
	 * How long the stop took, from {@link #start()} to completion.
	 * @return the duration, or {@code null} while the stop is under way
	 */
	@Nullable Duration took() {
		return this.took;
	}

	/**
	 * Whether the round outlived the timeout and was interrupted.
	 * @return {@code true} once it was
	 */
	boolean interrupted() {
		return this.interrupted;
	}

	private static boolean await(CompletableFuture<Void> future, Duration timeout) {
		try {
			future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException ex) {
			return true;
		}
	}

}
