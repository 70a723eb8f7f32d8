package dev.longhaul.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.annotation.Bean;

import dev.longhaul.queue.JobContext;
import dev.longhaul.queue.JobHandler;
import dev.longhaul.queue.JobOutcome;

/**
 * The job types the benchmark adds to the application of scenarios 1 to 4: a no-op type
 * ({@value #NOOP}) for the engine's drain, and a type ({@value #LATENCY}) whose handler
 * notes when each job started, for the enqueue-to-start latency. Both keep the engine's
 * defaults in code (queue named as the type, worker {@code <type>-jobs}), so that the
 * benchmark sets their concurrency and prefetch as an operator would, with
 * {@code longhaul.jobs.<type>.*}. Its {@code @Bean} methods work in lite mode (no
 * {@code @Configuration}, so the application's component scan skips it).
 */
public class BenchJobs {

	/** The no-op job type, also its queue's name. */
	static final String NOOP = "bench-noop";

	/** The latency job type, also its queue's name. */
	static final String LATENCY = "bench-latency";

	@Bean
	NoopJobs benchNoopJobs() {
		return new NoopJobs();
	}

	@Bean
	LatencyJobs benchLatencyJobs() {
		return new LatencyJobs();
	}

	/**
	 * An empty payload, stored as {@code {}}.
	 */
	record Empty() {
	}

	/**
	 * Does nothing: what is left is the engine's own cost per job.
	 */
	static final class NoopJobs implements JobHandler<Empty> {

		@Override
		public String type() {
			return NOOP;
		}

		@Override
		public JobOutcome run(JobContext<Empty> job) {
			return JobOutcome.done();
		}

	}

	/**
	 * Notes {@link System#nanoTime()} when each job starts. The application runs in the
	 * benchmark's JVM, so these compare with the benchmark's own {@code nanoTime}.
	 */
	static final class LatencyJobs implements JobHandler<Empty> {

		private final Map<Long, Long> startedAt = new ConcurrentHashMap<>();

		@Override
		public String type() {
			return LATENCY;
		}

		@Override
		public JobOutcome run(JobContext<Empty> job) {
			this.startedAt.put(job.id(), System.nanoTime());
			return JobOutcome.done();
		}

		/**
		 * Job id to {@link System#nanoTime()} when its handler started.
		 * @return the live map
		 */
		Map<Long, Long> startedAt() {
			return this.startedAt;
		}

	}

}
