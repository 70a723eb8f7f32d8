package dev.longhaul.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * When a worker's next round is due, and what ends the wait for it early: a trigger
 * always, a signal of new work only while the wait is wakeable (an idle wait, not a
 * backoff). A trigger or signal that arrives while a round runs is kept for the next
 * wait, so it is never lost (db-scheduler's {@code Waiter.wakeOrSkipNextWait}).
 * <p>
 * Thread-safe: guarded by the worker's lock, which it shares with the worker's state so
 * that a pause, a stop and a wake-up all signal the one condition a waiting worker thread
 * waits on. Every method takes the lock itself (it is reentrant), so callers may hold it
 * or not; only the worker's thread waits.
 */
final class Waiter {

	private final ReentrantLock lock;

	private final Condition changed;

	private final Clock clock;

	// Guarded by lock.
	private boolean triggered;

	private boolean woken;

	private boolean wakeable;

	private long dueNanos;

	private @Nullable Instant nextRun;

	/**
	 * Makes a waiter on the worker's lock.
	 * @param lock the worker's lock
	 * @param changed the condition of that lock that every change of the worker signals
	 * @param clock the worker's clock, for due times
	 */
	Waiter(ReentrantLock lock, Condition changed, Clock clock) {
		this.lock = lock;
		this.changed = changed;
		this.clock = clock;
	}

	/** Forgets triggers and signals of an earlier run, for a fresh start. */
	void reset() {
		this.lock.lock();
		try {
			this.triggered = false;
			this.woken = false;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Sets when the next round is due; the wait is measured on the monotonic clock from
	 * now, so a clock step does not stretch or cut it.
	 * @param at the time it is due
	 * @param wakeable whether {@link #signalWork()} ends the wait early
	 */
	void scheduleAt(Instant at, boolean wakeable) {
		long delay = Math.max(0, Duration.between(this.clock.instant(), at).toNanos());
		this.lock.lock();
		try {
			this.dueNanos = System.nanoTime() + delay;
			this.wakeable = wakeable;
			this.nextRun = at;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The next round runs at once, cutting any wait short; consumed by that round. */
	void trigger() {
		this.lock.lock();
		try {
			this.triggered = true;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * New work arrived: ends a wakeable wait at once, or the next one if a round is
	 * running.
	 */
	void signalWork() {
		this.lock.lock();
		try {
			this.woken = true;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits for the next round once: returns at once if it is due (consuming a trigger),
	 * else waits until it falls due or the condition is signalled, whatever for. The
	 * caller loops, checking its own state (stop, pause) between calls.
	 * @return {@code true} if the round is due, {@code false} after a wait
	 * @throws InterruptedException if the worker's thread is interrupted
	 */
	boolean awaitDue() throws InterruptedException {
		this.lock.lock();
		try {
			if (this.triggered) {
				this.triggered = false;
				return true;
			}
			if (this.wakeable && this.woken) {
				return true;
			}
			long remaining = this.dueNanos - System.nanoTime();
			if (remaining <= 0) {
				return true;
			}
			this.changed.awaitNanos(remaining);
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * A round starts at {@code start}: signals so far are spent on it.
	 * @return the time the round was due, {@code start} if none was set
	 */
	Instant roundStarting(Instant start) {
		this.lock.lock();
		try {
			this.woken = false;
			return (this.nextRun != null) ? this.nextRun : start;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * When the next round is due.
	 * @return the time, or {@code null} once the worker has ended
	 */
	@Nullable Instant nextRun() {
		this.lock.lock();
		try {
			return this.nextRun;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The worker ended: no round is due any more. */
	void clear() {
		this.lock.lock();
		try {
			this.nextRun = null;
		}
		finally {
			this.lock.unlock();
		}
	}

}
