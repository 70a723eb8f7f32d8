package dev.longhaul.queue;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a job is in its life. {@code READY → RUNNING → SUCCEEDED}, back to {@code READY}
 * for a retry or a release, {@code DEAD} after its last attempt, {@code CANCELLED} before
 * it ran.
 */
public enum JobStatus {

	/**
	 * Waiting for a worker; due at {@code run_at}. Retries wait here too, with
	 * {@code attempts > 0}.
	 */
	READY,

	/** Claimed by a worker that holds its lease. */
	RUNNING,

	/** Done. */
	SUCCEEDED,

	/**
	 * Failed permanently, or ran out of attempts; {@code last_error} says why. Can be
	 * requeued.
	 */
	DEAD,

	/** Cancelled before a worker took it. */
	CANCELLED;

	/**
	 * The statuses a job ends in: nothing more happens to it unless someone requeues it
	 * (the only ones a job can be deleted in, and those the job cleaner deletes).
	 */
	public static final Set<JobStatus> ENDED = Collections.unmodifiableSet(EnumSet.of(SUCCEEDED, DEAD, CANCELLED));

	private final String tag = name().toLowerCase(Locale.ROOT);

	/**
	 * The status as a metric tag value ({@code status} of {@code longhaul.queue.jobs} and
	 * {@code longhaul.jobs.ended}): its name in lower case, which dashboards and alert
	 * rules name.
	 * @return the tag value
	 */
	public String tag() {
		return this.tag;
	}

}
