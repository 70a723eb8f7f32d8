package dev.longhaul.queue;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import org.jspecify.annotations.Nullable;

/**
 * The job engine's Micrometer Observations, which Spring Boot's tracing turns into spans
 * (and its metrics into timers): {@code longhaul.jobs.enqueue} (a producer span in the
 * caller's trace, whose W3C {@code traceparent} is stored with the job),
 * {@code longhaul.jobs.execution} (one per run of a job, a consumer span whose parent is
 * that stored context, so that every try joins the trace of the request that enqueued the
 * job), {@code longhaul.jobs.claim} (one per claim) and {@code longhaul.jobs.completion}
 * (one per group of acknowledgements written, not one per job).
 * <p>
 * The cost stays off the jobs that nobody traces: an enqueue outside any observation
 * stores no context and observes nothing, and the run of a job without a stored context,
 * or whose stored context was not sampled, is not observed at all (the trace id of the
 * latter still goes to the logs).
 * <p>
 * Thread-safe.
 */
final class JobObservations {

	/** No observations: for tests and for applications without Micrometer Observation. */
	static final JobObservations NONE = new JobObservations(ObservationRegistry.NOOP);

	/** The W3C Trace Context header that carries a span's context. */
	static final String TRACE_PARENT = "traceparent";

	private static final int TRACE_PARENT_LENGTH = 55;

	/**
	 * The {@code outcome} of a run until its outcome is known; a run that ends without
	 * one (its lease lost) keeps it.
	 */
	private static final String NO_OUTCOME = "none";

	private final ObservationRegistry registry;

	JobObservations(ObservationRegistry registry) {
		this.registry = registry;
	}

	/**
	 * The registry the observations report to.
	 * @return the registry
	 */
	ObservationRegistry registry() {
		return this.registry;
	}

	/**
	 * Runs an enqueue of jobs within a {@code longhaul.jobs.enqueue} observation, if an
	 * observation (a traced request, a job run) is current, and hands it the
	 * {@code traceparent} to store with the jobs.
	 * @param <T> what the enqueue returns
	 * @param queue the queue of the jobs
	 * @param type the type of the jobs
	 * @param count how many jobs
	 * @param enqueue the enqueue, given the traceparent to store ({@code null}: none)
	 * @return what the enqueue returned
	 */
	<T> T enqueue(String queue, String type, int count, Enqueue<T> enqueue) {
		if (this.registry.isNoop() || this.registry.getCurrentObservation() == null) {
			return enqueue.run(null);
		}
		SenderContext<TraceCarrier> context = new SenderContext<>(TraceCarrier::put, Kind.PRODUCER);
		TraceCarrier carrier = new TraceCarrier();
		context.setCarrier(carrier);
		Observation observation = Observation.createNotStarted("longhaul.jobs.enqueue", () -> context, this.registry)
			.contextualName("enqueue " + queue)
			.lowCardinalityKeyValue("queue", queue)
			.lowCardinalityKeyValue("type", type)
			.highCardinalityKeyValue("jobs", String.valueOf(count));
		return observation.observe(() -> enqueue.run(carrier.traceParent));
	}

	/**
	 * The {@code longhaul.jobs.execution} observation of a run of a job, not started: a
	 * child of the context stored with the job; {@link Observation#NOOP} if none was
	 * stored (nothing traced its enqueue, so no trace waits for it: a root span per job
	 * would cost every untraced job, such as a backlog inserted in SQL, a few
	 * microseconds for nothing) or if that context was not sampled.
	 * @param job the job, as claimed
	 * @param worker the executor's worker
	 * @return the observation
	 */
	Observation execution(Job job, String worker) {
		String parent = job.traceParent();
		if (this.registry.isNoop() || parent == null || !isSampled(parent)) {
			return Observation.NOOP;
		}
		ReceiverContext<Job> context = new ReceiverContext<>(JobObservations::traceParentOf, Kind.CONSUMER);
		context.setCarrier(job);
		return Observation.createNotStarted("longhaul.jobs.execution", () -> context, this.registry)
			.contextualName(job.type() + " run")
			.lowCardinalityKeyValue("queue", job.queue())
			.lowCardinalityKeyValue("type", job.type())
			.lowCardinalityKeyValue("outcome", NO_OUTCOME)
			.highCardinalityKeyValue("job.id", String.valueOf(job.id()))
			.highCardinalityKeyValue("job.attempt", String.valueOf(job.attempts() + 1))
			.highCardinalityKeyValue("worker", worker);
	}

	/**
	 * The {@code longhaul.jobs.claim} observation of a claim, not started; add the count
	 * with {@link #claimed}.
	 * @param queue the queue
	 * @return the observation
	 */
	Observation claim(String queue) {
		return Observation.createNotStarted("longhaul.jobs.claim", this.registry)
			.contextualName("claim " + queue)
			.lowCardinalityKeyValue("queue", queue);
	}

	/**
	 * Records how many jobs a claim took.
	 * @param claim the claim's observation
	 * @param count the jobs claimed
	 */
	static void claimed(Observation claim, int count) {
		claim.highCardinalityKeyValue(KeyValue.of("jobs", String.valueOf(count)));
	}

	/**
	 * The {@code longhaul.jobs.completion} observation of a group of acknowledgements
	 * written in one transaction, not started.
	 * @param size the acknowledgements in the group
	 * @return the observation
	 */
	Observation completion(int size) {
		return Observation.createNotStarted("longhaul.jobs.completion", this.registry)
			.contextualName("complete jobs")
			.highCardinalityKeyValue("acknowledgements", String.valueOf(size));
	}

	/**
	 * Whether a traceparent says its trace is sampled (flag bit 0); a value that is not a
	 * traceparent counts as sampled, and the tracer's propagator then starts a new trace.
	 */
	static boolean isSampled(String traceParent) {
		if (traceParent.length() != TRACE_PARENT_LENGTH) {
			return true;
		}
		int flags = Character.digit(traceParent.charAt(TRACE_PARENT_LENGTH - 1), 16);
		return flags < 0 || (flags & 1) == 1;
	}

	/**
	 * The trace id of a traceparent ({@code 00-<trace id>-<span id>-<flags>}).
	 * @param traceParent the traceparent
	 * @return the trace id, or {@code null} if it is not a traceparent
	 */
	static @Nullable String traceIdOf(String traceParent) {
		if (traceParent.length() != TRACE_PARENT_LENGTH || traceParent.charAt(2) != '-'
				|| traceParent.charAt(35) != '-') {
			return null;
		}
		return traceParent.substring(3, 35);
	}

	private static @Nullable String traceParentOf(Job job, String key) {
		return TRACE_PARENT.equals(key) ? job.traceParent() : null;
	}

	/**
	 * An enqueue given the traceparent to store.
	 *
	 * @param <T> what it returns
	 */
	@FunctionalInterface
	interface Enqueue<T> {

		T run(@Nullable String traceParent);

	}

	/**
	 * Takes the traceparent the tracer injects; other fields (tracestate) are not kept.
	 */
	private static final class TraceCarrier {

		private @Nullable String traceParent;

		void put(String key, String value) {
			if (TRACE_PARENT.equals(key)) {
				this.traceParent = value;
			}
		}

	}

}
