package dev.longhaul.processing;

import dev.longhaul.queue.JobStatus;

/**
 * Where a dataset's processing is, derived from its job.
 */
public enum DatasetStatus {

	/** Waiting for a data processor. */
	QUEUED,

	/** Being processed; progress shows how far. */
	RUNNING,

	/** Done; the report is ready. */
	SUCCEEDED,

	/** Could not be processed; {@code error} says why. */
	FAILED,

	/** Cancelled before it finished. */
	CANCELLED;

	JobStatus jobStatus() {
		return switch (this) {
			case QUEUED -> JobStatus.READY;
			case RUNNING -> JobStatus.RUNNING;
			case SUCCEEDED -> JobStatus.SUCCEEDED;
			case FAILED -> JobStatus.DEAD;
			case CANCELLED -> JobStatus.CANCELLED;
		};
	}

	static DatasetStatus of(JobStatus status) {
		return switch (status) {
			case READY -> QUEUED;
			case RUNNING -> RUNNING;
			case SUCCEEDED -> SUCCEEDED;
			case DEAD -> FAILED;
			case CANCELLED -> CANCELLED;
		};
	}

}
