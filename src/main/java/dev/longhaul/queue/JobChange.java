package dev.longhaul.queue;

/**
 * The outcome of an operator action on a job (cancel, requeue).
 */
public sealed interface JobChange {

	/**
	 * The action was done.
	 *
	 * @param job the job after it
	 */
	record Done(Job job) implements JobChange {
	}

	/**
	 * The job's status does not allow the action.
	 *
	 * @param job the job, unchanged
	 */
	record NotAllowed(Job job) implements JobChange {
	}

	/**
	 * No job has that id.
	 *
	 * @param id the id
	 */
	record NotFound(long id) implements JobChange {
	}

}
