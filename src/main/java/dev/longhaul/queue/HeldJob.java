package dev.longhaul.queue;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.longhaul.worker.Worker;

/**
 * A job that a {@link JobExecutor} claimed and has not yet acknowledged: waiting for a
 * thread, running a step, or waiting for its acknowledgement to be written.
 * <p>
 * Threads: the executor thread that runs the job starts and ends its steps and marks it
 * ran; the worker's thread reads the state to extend leases and interrupts an overdue
 * step. The thread to interrupt is guarded by this object's monitor, so an interrupt
 * never reaches the thread's next job.
 */
final class HeldJob {

	private static final Logger logger = LoggerFactory.getLogger(JobExecutor.class); // the
																						// executor's
																						// log
																						// category

	private final Job job;

	/** When the current step started, or 0 between steps. */
	private volatile long runningSince;

	private volatile boolean overdue;

	/** Set when the run ends with nothing to write: its lease was lost. Runner only. */
	private boolean leaseLost;

	/** Set once the run ended, before its acknowledgement goes to the completer. */
	private volatile boolean ran;

	private @Nullable Thread thread;

	HeldJob(Job job) {
		this.job = job;
	}

	Job job() {
		return this.job;
	}

	long id() {
		return this.job.id();
	}

	/**
	 * Whether a step outlived its timeout and was interrupted: its lease is no longer
	 * extended.
	 * @return whether it is overdue
	 */
	boolean isOverdue() {
		return this.overdue;
	}

	/**
	 * Whether its lease should still be extended: not overdue and not yet ran (the
	 * completer is about to write its acknowledgement, and locks its row).
	 * @return whether to extend its lease
	 */
	boolean needsLease() {
		return !this.overdue && !this.ran;
	}

	void ran() {
		this.ran = true;
	}

	boolean isLeaseLost() {
		return this.leaseLost;
	}

	void leaseLost() {
		this.leaseLost = true;
	}

	synchronized void stepStarting() {
		this.thread = Thread.currentThread();
		this.overdue = false;
		this.runningSince = System.nanoTime();
	}

	/**
	 * Ends the step: an interrupt for it can no longer reach the thread's next job.
	 */
	synchronized void stepEnded() {
		this.thread = null;
		this.runningSince = 0;
		Thread.interrupted();
	}

	/**
	 * Interrupts the running step if it has run longer than the timeout, once.
	 * @param timeout the job type's timeout
	 * @param now the current {@link System#nanoTime()}
	 */
	void interruptIfOverdue(Duration timeout, long now) {
		long since = this.runningSince;
		if (!this.overdue && since != 0 && now - since > timeout.toNanos()) {
			interruptOverdue(timeout);
		}
	}

	private synchronized void interruptOverdue(Duration timeout) {
		if (this.thread != null && !this.overdue) {
			this.overdue = true;
			logger.warn("Job {} ({}) ran longer than its timeout {}; interrupting it, and its lease is no longer "
					+ "extended", this.job.id(), this.job.type(), Worker.format(timeout));
			this.thread.interrupt();
		}
	}

}
