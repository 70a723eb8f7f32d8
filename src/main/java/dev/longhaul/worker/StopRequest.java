package dev.longhaul.worker;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Whether a worker was asked to stop: the {@link StopToken} its rounds get, and what ends
 * its loop.
 * <p>
 * Thread-safe: requested and cleared by the threads that stop and start the worker, read
 * by any (volatile, so that a round checks it without the lock). It shares the worker's
 * lock and condition, so that a request ends the round's {@link #awaitStop} and the
 * worker's own waits alike.
 */
final class StopRequest implements StopToken {

	private final ReentrantLock lock;

	private final Condition changed;

	// Written under lock, read by any.
	private volatile boolean requested;

	/**
	 * Makes the stop request of a worker.
	 * @param lock the worker's lock
	 * @param changed the condition of that lock that every change of the worker signals
	 */
	StopRequest(ReentrantLock lock, Condition changed) {
		this.lock = lock;
		this.changed = changed;
	}

	/** Asks the worker to stop, and wakes every wait on its condition. */
	void request() {
		this.lock.lock();
		try {
			this.requested = true;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Forgets the request of an earlier run, for a fresh start. */
	void clear() {
		this.lock.lock();
		try {
			this.requested = false;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public boolean isStopRequested() {
		return this.requested;
	}

	@Override
	public boolean awaitStop(Duration timeout) throws InterruptedException {
		long remaining = timeout.toNanos();
		this.lock.lock();
		try {
			while (!this.requested && remaining > 0) {
				remaining = this.changed.awaitNanos(remaining);
			}
			return this.requested;
		}
		finally {
			this.lock.unlock();
		}
	}

}
