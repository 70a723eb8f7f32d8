package dev.longhaul.email;

import java.time.Duration;

import dev.longhaul.worker.StopToken;

/**
 * Spaces the sends of every connection of this instance evenly, to at most
 * {@code longhaul.email.max-per-second}: each send reserves the next free slot, then
 * waits for it.
 * <p>
 * Thread-safe.
 */
final class SendRateLimiter {

	private final long intervalNanos;

	private long nextNanos = System.nanoTime();

	SendRateLimiter(double maxPerSecond) {
		this.intervalNanos = (maxPerSecond > 0) ? (long) (1_000_000_000L / maxPerSecond) : 0;
	}

	/**
	 * Waits for the next send slot.
	 * @param stop the executor's stop token
	 * @return {@code false} if the executor is stopping
	 * @throws InterruptedException if interrupted while waiting
	 */
	boolean acquire(StopToken stop) throws InterruptedException {
		if (this.intervalNanos == 0) {
			return !stop.isStopRequested();
		}
		long wait = reserve() - System.nanoTime();
		if (wait > 0 && stop.awaitStop(Duration.ofNanos(wait))) {
			return false;
		}
		return !stop.isStopRequested();
	}

	private synchronized long reserve() {
		long slot = Math.max(this.nextNanos, System.nanoTime());
		this.nextNanos = slot + this.intervalNanos;
		return slot;
	}

}
