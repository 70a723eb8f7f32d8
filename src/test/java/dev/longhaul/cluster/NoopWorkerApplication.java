package dev.longhaul.cluster;

import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.longhaul.LonghaulApplication;
import dev.longhaul.config.InstanceId;
import dev.longhaul.queue.JobContext;
import dev.longhaul.queue.JobHandler;
import dev.longhaul.queue.JobOutcome;
import dev.longhaul.queue.JobSettings;

/**
 * Longhaul plus a {@code noop} job type, run by a {@code noop-worker} that records each
 * job it runs in {@code noop_effects} (job id, instance) before completing it, so tests
 * can count how often each job ran. Its {@code @Bean} methods work in lite mode (no
 * {@code @Configuration}, so other tests' component scans skip it).
 */
class NoopWorkerApplication {

	static final String QUEUE = "noop";

	@Bean
	NoopJobs noopJobs(JdbcClient jdbc, InstanceId instance) {
		return new NoopJobs(jdbc, instance);
	}

	public static void main(String[] args) {
		SpringApplication.run(new Class<?>[] { LonghaulApplication.class, NoopWorkerApplication.class }, args);
	}

	/**
	 * A payload with nothing in it.
	 */
	record Noop() {
	}

	/**
	 * Records that the job ran, and nothing else.
	 */
	static final class NoopJobs implements JobHandler<Noop> {

		private final JdbcClient jdbc;

		private final InstanceId instance;

		NoopJobs(JdbcClient jdbc, InstanceId instance) {
			this.jdbc = jdbc;
			this.instance = instance;
		}

		@Override
		public String type() {
			return QUEUE;
		}

		@Override
		public JobSettings configure(JobSettings defaults) {
			return defaults.withWorker("noop-worker").withConcurrency(4).withPrefetch(100);
		}

		@Override
		public JobOutcome run(JobContext<Noop> job) {
			this.jdbc.sql("INSERT INTO noop_effects (job_id, instance) VALUES (?, ?)")
				.params(job.id(), this.instance.value())
				.update();
			return JobOutcome.done();
		}

	}

}
