package dev.longhaul.queue;

/**
 * Thrown by a handler, from however deep, to end its job with an outcome rather than a
 * counted try: {@code throw new JobOutcomeException(JobOutcome.fail("no such file"))}.
 */
public class JobOutcomeException extends RuntimeException {

	private final JobOutcome outcome;

	public JobOutcomeException(JobOutcome outcome) {
		super(outcome.toString(), null, false, false);
		this.outcome = outcome;
	}

	/**
	 * The outcome of the job.
	 * @return the outcome
	 */
	public JobOutcome outcome() {
		return this.outcome;
	}

}
