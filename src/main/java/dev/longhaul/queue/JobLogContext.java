package dev.longhaul.queue;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import dev.longhaul.worker.Worker;

/**
 * The MDC keys of a job's run, which structured logs
 * ({@code logging.structured.format.console=ecs} or {@code logstash}) print as fields of
 * every line logged while it runs: {@value #INSTANCE}, {@value #WORKER}, {@value #QUEUE},
 * {@value #JOB_ID}, {@value #JOB_TYPE} and {@value #ATTEMPT}; handlers add their own
 * ({@code emailId}, {@code datasetId}), and Spring Boot's tracing adds {@code traceId}
 * and {@code spanId} while a span is current. The plain-text log pattern shows none of
 * them. The executor restores the thread's MDC after each run.
 */
public final class JobLogContext {

	/** The id of the instance that runs the job. */
	public static final String INSTANCE = "instance";

	/** The worker whose executor runs the job, as {@link Worker#LOG_WORKER}. */
	public static final String WORKER = Worker.LOG_WORKER;

	/** The job's queue. */
	public static final String QUEUE = "queue";

	/** The job's id. */
	public static final String JOB_ID = "jobId";

	/** The job's type. */
	public static final String JOB_TYPE = "jobType";

	/** Which try this is, from 1. */
	public static final String ATTEMPT = "attempt";

	/** The trace id, as Spring Boot's tracing names it in the MDC. */
	static final String TRACE_ID = "traceId";

	private JobLogContext() {
	}

	/**
	 * Puts a job's keys into this thread's MDC until the returned scope is closed, which
	 * gives the thread its MDC back as it was: a pooled thread carries nothing from one
	 * job to the next. With a stored trace context that was not sampled (no span, so
	 * tracing sets no ids), the job's trace id goes in as well, so that its lines still
	 * join those of the request that enqueued it.
	 * @param instance this instance's id
	 * @param worker the worker
	 * @param job the job
	 * @return the scope to close when the run ends
	 */
	static Scope open(String instance, String worker, Job job) {
		Scope scope = new Scope(MDC.getCopyOfContextMap());
		put(instance, worker, job);
		return scope;
	}

	private static void put(String instance, String worker, Job job) {
		MDC.put(INSTANCE, instance);
		MDC.put(WORKER, worker);
		MDC.put(QUEUE, job.queue());
		MDC.put(JOB_ID, String.valueOf(job.id()));
		MDC.put(JOB_TYPE, job.type());
		MDC.put(ATTEMPT, String.valueOf(job.attempts() + 1));
		String traceParent = job.traceParent();
		if (traceParent != null && !JobObservations.isSampled(traceParent)) {
			String traceId = JobObservations.traceIdOf(traceParent);
			if (traceId != null) {
				MDC.put(TRACE_ID, traceId);
			}
		}
	}

	/** A job's keys in the MDC; closing it restores the MDC the thread had before. */
	static final class Scope implements AutoCloseable {

		private final @Nullable Map<String, String> previous;

		private Scope(@Nullable Map<String, String> previous) {
			this.previous = previous;
		}

		@Override
		public void close() {
			if (this.previous != null) {
				MDC.setContextMap(this.previous);
			}
			else {
				MDC.clear();
			}
		}

	}

}
