package dev.longhaul.email;

import java.time.Duration;

import dev.longhaul.worker.StopToken;

/**
 * Spaces sends evenly to at most {@code longhaul.email.max-per-second}; used by the
 * sender's thread only.
 */
final class SendRateLimiter {

	private final long intervalNanos;

	private long nextNanos = System.nanoTime();

	SendRateLimiter(double maxPerSecond) {
		this.intervalNanos = (maxPerSecond > 0) ? (long) (1_000_000_000L / maxPerSecond) : 0;
	}

	/**
	 * Waits for the next send slot.
	 * @param stop the worker's stop token
	 * @return {@code false} if the worker is stopping
	 */
	boolean acquire(StopToken stop) throws InterruptedException {
		if (this.intervalNanos == 0) {
			return !stop.isStopRequested();
		}
		long wait = this.nextNanos - System.nanoTime();
		if (wait > 0 && stop.awaitStop(Duration.ofNanos(wait))) {
			return false;
		}
		this.nextNanos = Math.max(this.nextNanos, System.nanoTime() - this.intervalNanos) + this.intervalNanos;
		return !stop.isStopRequested();
	}

}
