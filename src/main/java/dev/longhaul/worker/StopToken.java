package dev.longhaul.worker;

import java.time.Duration;

/**
 * Tells a running round that its worker is stopping, like .NET's {@code stoppingToken}. A
 * long round checks it between units of work and returns early; rounds still running at
 * the worker's shutdown timeout are interrupted.
 */
public interface StopToken {

	/**
	 * Whether the worker was asked to stop.
	 * @return {@code true} once a stop was requested
	 */
	boolean isStopRequested();

	/**
	 * Throws {@link WorkerStoppingException} if the worker was asked to stop, to leave a
	 * round from deep inside.
	 */
	default void throwIfStopRequested() {
		if (isStopRequested()) {
			throw new WorkerStoppingException();
		}
	}

	/**
	 * Waits for the given time, or less if a stop is requested meanwhile; use it instead
	 * of {@link Thread#sleep}.
	 * @param timeout how long to wait at most
	 * @return {@code true} if the wait ended because a stop was requested
	 * @throws InterruptedException if the thread is interrupted (the worker's shutdown
	 * timeout passed)
	 */
	boolean awaitStop(Duration timeout) throws InterruptedException;

}
