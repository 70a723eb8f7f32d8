package dev.longhaul.queue;

import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.EventPublishingContextWrapper;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.otel.bridge.Slf4JEventListener;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * What tracing and the log context add to each run of a job, without the database: the
 * executor's per-job work (MDC, the {@code longhaul.jobs.execution} observation with
 * Spring Boot's handlers: Prometheus timers, OpenTelemetry spans through the Micrometer
 * bridge, a batch span processor with no exporter, as with no OTLP endpoint) timed over
 * many runs, against the same with no observation registry. Run with the test class path:
 * {@code java dev.longhaul.queue.JobTracingOverheadBenchmark [runs]}.
 */
final class JobTracingOverheadBenchmark {

	private static final String SAMPLED = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	private static final String NOT_SAMPLED = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";

	private JobTracingOverheadBenchmark() {
	}

	public static void main(String[] args) {
		int runs = (args.length > 0) ? Integer.parseInt(args[0]) : 500_000;
		JobObservations traced = new JobObservations(bootLikeRegistry());
		for (int round = 0; round < 5; round++) {
			report("no registry       ", JobObservations.NONE, SAMPLED, runs);
			report("traced, sampled   ", traced, SAMPLED, runs);
			report("traced, no context", traced, null, runs);
			report("traced, unsampled ", traced, NOT_SAMPLED, runs);
		}
	}

	private static void report(String label, JobObservations observations, String traceParent, int runs) {
		Instant now = Instant.now();
		Job job = new Job(7, "q", "t", "{}", JobStatus.RUNNING, 0, now, 0, 3, "i", "token", now, null, null, null, null,
				null, now, now, now, null, traceParent);
		long start = System.nanoTime();
		for (int i = 0; i < runs; i++) {
			run(observations, job);
		}
		double micros = (System.nanoTime() - start) / 1e3 / runs;
		System.out.printf("%s %.2f us per job%n", label, micros);
	}

	/** What {@code JobExecutor.run} adds around a job's steps. */
	private static void run(JobObservations observations, Job job) {
		try (JobLogContext.Scope context = JobLogContext.open("instance", "worker", job)) {
			Observation observation = observations.execution(job, "worker");
			observation.start();
			try (Observation.Scope scope = observation.openScope()) {
				if (!observation.isNoop()) {
					observation.lowCardinalityKeyValue("outcome", "done");
				}
			}
			finally {
				observation.stop();
			}
		}
	}

	/** The handlers Spring Boot registers with tracing and Prometheus metrics on. */
	private static ObservationRegistry bootLikeRegistry() {
		Slf4JEventListener slf4j = new Slf4JEventListener();
		ContextStorage.addWrapper(new EventPublishingContextWrapper(slf4j::onEvent));
		SdkTracerProvider provider = SdkTracerProvider.builder()
			.setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(1.0)))
			.addSpanProcessor(BatchSpanProcessor.builder(SpanExporter.composite()).build())
			.build();
		ContextPropagators propagators = ContextPropagators.create(W3CTraceContextPropagator.getInstance());
		OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
			.setTracerProvider(provider)
			.setPropagators(propagators)
			.build();
		io.opentelemetry.api.trace.Tracer otel = sdk.getTracer("bench");
		OtelCurrentTraceContext context = new OtelCurrentTraceContext();
		OtelTracer tracer = new OtelTracer(otel, context, slf4j::onEvent,
				new OtelBaggageManager(context, List.of(), List.of()));
		OtelPropagator propagator = new OtelPropagator(propagators, otel);
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new FirstMatchingCompositeObservationHandler(
					new DefaultMeterObservationHandler(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))))
			.observationHandler(new FirstMatchingCompositeObservationHandler(
					new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
					new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
					new DefaultTracingObservationHandler(tracer)));
		return registry;
	}

}
