package dev.longhaul.queue;

/**
 * Runs the jobs of one type: declare an implementation as a bean and the job engine
 * claims and runs that type's jobs on its queue's executor. The payload type is the type
 * argument {@code P}, read from the implementing class (so a lambda or a raw
 * {@code JobHandler} cannot be a handler); payloads are stored as JSON through the
 * application's {@code JsonMapper}.
 *
 * <pre>{@code
 * record Thumbnail(long imageId, int width) {}
 *
 * &#64;Component
 * class ThumbnailJobs implements JobHandler<Thumbnail> {
 *
 *     public String type() {
 *         return "thumbnail";
 *     }
 *
 *     public JobOutcome run(JobContext<Thumbnail> job) throws IOException {
 *         images.resize(job.payload().imageId(), job.payload().width());
 *         return JobOutcome.done();
 *     }
 *
 * }
 * }</pre>
 *
 * Whatever {@link #run} throws fails only that job: a counted try, retried after the
 * type's backoff, {@link JobStatus#DEAD} with its reason after its last attempt. The
 * reason kept (and shown to viewers) is the message of one of Longhaul's own exceptions,
 * else only the exception's category and class (see
 * {@link dev.longhaul.worker.FailureReasons}); the log has the exception. To keep a
 * reason of your own words, return {@link JobOutcome#retry} or {@link JobOutcome#fail}.
 * Several threads call {@link #run} at once (the type's {@code concurrency}), so an
 * implementation must be thread-safe.
 *
 * @param <P> the payload type
 */
public interface JobHandler<P> {

	/**
	 * The job type this handler runs, as stored in each job's {@code type} column and as
	 * in {@code longhaul.jobs.<type>.*}: lower case letters, digits and dashes.
	 * @return the type's name
	 */
	String type();

	/**
	 * The type's settings before {@code longhaul.jobs.<type>.*} is laid over them.
	 * @param defaults the engine's defaults: queue named as the type, one thread, no
	 * prefetch, {@code longhaul.queue.max-attempts} and {@code retry-*}, a 5 minute
	 * timeout
	 * @return this type's defaults
	 */
	default JobSettings configure(JobSettings defaults) {
		return defaults;
	}

	/**
	 * Runs one job, or one step of a multi-step job, on an executor thread.
	 * @param job the job: its payload, attempt, progress and stop token
	 * @return what became of it
	 * @throws Exception a failure of this job only: a counted try (a
	 * {@link JobOutcomeException} carries an outcome instead)
	 */
	JobOutcome run(JobContext<P> job) throws Exception;

	/**
	 * Called on an executor thread before it ends (idle for a while, or its executor
	 * stopping), to release what the thread held, such as a connection it kept across
	 * jobs. Exceptions are logged and ignored.
	 */
	default void onThreadEnd() {
	}

	/**
	 * Hides personal data in a text before it is logged (never before it is stored).
	 * @param text a failure reason
	 * @return the text as it may be logged
	 */
	default String maskForLog(String text) {
		return text;
	}

}
