package dev.longhaul.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.longhaul.config.InstanceId;
import dev.longhaul.queue.JobContext;
import dev.longhaul.queue.JobHandler;
import dev.longhaul.queue.JobOutcome;
import dev.longhaul.queue.JobSettings;

/**
 * The benchmark's copy of the tests' {@code dev.longhaul.cluster.NoopWorkerApplication}
 * (package-private there): a {@code noop} job type whose handler, run by the
 * {@code noop-worker}, records each job in {@code noop_effects} (job id, instance) before
 * it completes, woken like every executor (and so by other instances' NOTIFY). It also
 * notes, in {@link ClaimTimes}, when each job started, for scenario 7. The table
 * {@code noop_effects} must exist. Its {@code @Bean} methods work in lite mode (no
 * {@code @Configuration}, so the application's component scan skips it).
 */
public class NoopWorkers {

	static final String QUEUE = "noop";

	static final String WORKER = "noop-worker";

	static final String EFFECTS_TABLE = "CREATE TABLE noop_effects (job_id BIGINT NOT NULL, instance VARCHAR(200) NOT NULL)";

	@Bean
	ClaimTimes noopClaimTimes() {
		return new ClaimTimes();
	}

	@Bean
	NoopJobs noopJobs(JdbcClient jdbc, InstanceId instance, ClaimTimes claimTimes) {
		return new NoopJobs(jdbc, instance, claimTimes);
	}

	/**
	 * An empty payload.
	 */
	record Noop() {
	}

	/**
	 * Records each job it runs.
	 */
	static final class NoopJobs implements JobHandler<Noop> {

		private final JdbcClient jdbc;

		private final InstanceId instance;

		private final ClaimTimes claimTimes;

		NoopJobs(JdbcClient jdbc, InstanceId instance, ClaimTimes claimTimes) {
			this.jdbc = jdbc;
			this.instance = instance;
			this.claimTimes = claimTimes;
		}

		@Override
		public String type() {
			return QUEUE;
		}

		@Override
		public JobSettings configure(JobSettings defaults) {
			return defaults.withWorker(WORKER).withConcurrency(4).withPrefetch(100);
		}

		@Override
		public JobOutcome run(JobContext<Noop> job) {
			this.claimTimes.nanos.put(job.id(), System.nanoTime());
			this.jdbc.sql("INSERT INTO noop_effects (job_id, instance) VALUES (?, ?)")
				.params(job.id(), this.instance.value())
				.update();
			return JobOutcome.done();
		}

	}

	/**
	 * Job id to {@link System#nanoTime()} when its handler started. The instances run in
	 * the benchmark's JVM, so these compare with the benchmark's own {@code nanoTime}.
	 */
	static final class ClaimTimes {

		private final Map<Long, Long> nanos = new ConcurrentHashMap<>();

		Map<Long, Long> nanos() {
			return this.nanos;
		}

	}

}
