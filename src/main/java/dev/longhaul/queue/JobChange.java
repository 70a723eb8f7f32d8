package dev.longhaul.queue;

/**
 * The outcome of an operator action on a job (cancel, requeue, delete). Callers switch on
 * {@link #kind()} and read {@link #job()} where the kind has one, as with
 * {@link java.util.concurrent.Future#state()} and its {@code resultNow()}.
 */
public sealed interface JobChange {

	/**
	 * Which outcome this is, for an exhaustive {@code switch} on Java 17.
	 * @return the kind
	 */
	Kind kind();

	/**
	 * The job: after the action if {@link Kind#DONE}, unchanged if
	 * {@link Kind#NOT_ALLOWED}.
	 * @return the job
	 * @throws IllegalStateException if {@link Kind#NOT_FOUND}
	 */
	Job job();

	/**
	 * The action was done.
	 *
	 * @param job the job after it
	 */
	record Done(Job job) implements JobChange {

		@Override
		public Kind kind() {
			return Kind.DONE;
		}

	}

	/**
	 * The job's status does not allow the action.
	 *
	 * @param job the job, unchanged
	 */
	record NotAllowed(Job job) implements JobChange {

		@Override
		public Kind kind() {
			return Kind.NOT_ALLOWED;
		}

	}

	/**
	 * No job has that id.
	 *
	 * @param id the id
	 */
	record NotFound(long id) implements JobChange {

		@Override
		public Kind kind() {
			return Kind.NOT_FOUND;
		}

		@Override
		public Job job() {
			throw new IllegalStateException("No job has id " + this.id);
		}

	}

	/**
	 * The kinds of outcome.
	 */
	enum Kind {

		/** {@link Done}. */
		DONE,

		/** {@link NotAllowed}. */
		NOT_ALLOWED,

		/** {@link NotFound}. */
		NOT_FOUND

	}

}
