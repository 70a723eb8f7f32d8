package dev.longhaul.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.longhaul.LonghaulApplication;
import dev.longhaul.queue.JobContext;
import dev.longhaul.queue.JobHandler;
import dev.longhaul.queue.JobOutcome;
import dev.longhaul.queue.JobSettings;

/**
 * The instance process of scenario 10, started in a child JVM: Longhaul with everything
 * at its defaults, plus a {@value #TYPE} job type whose jobs take {@link #RUN} each, on
 * {@value #CONCURRENCY} threads with {@value #PREFETCH} more claimed ahead, so that an
 * instance always holds a batch while it works. It prints, for the benchmark to read:
 * <ul>
 * <li>{@code bench-started <id>} when a job starts;</li>
 * <li>{@code bench-ready <epoch millis>} when the application is ready;</li>
 * <li>with {@code --bench.report-finished=true}, {@code bench-finished <epoch millis>}
 * once no job of the type is left unfinished in the table (polled every 10 ms), with
 * {@code bench-jvm-start <epoch millis>}: how long a restarted instance took to finish
 * what its killed predecessor held, which on H2 no other process can watch.</li>
 * </ul>
 * Its {@code @Bean} methods work in lite mode (no {@code @Configuration}, so the
 * application's component scan skips it).
 */
public class SlowJobsApplication {

	/** The job type, also its queue's name. */
	static final String TYPE = "bench-slow";

	/** How long each job takes. */
	static final Duration RUN = Duration.ofMillis(200);

	static final int CONCURRENCY = 4;

	private static final Duration POLL = Duration.ofMillis(10);

	static final int PREFETCH = 20;

	public static void main(String[] args) {
		SpringApplication.run(new Class<?>[] { LonghaulApplication.class, SlowJobsApplication.class }, args);
	}

	@Bean
	SlowJobs benchSlowJobs() {
		return new SlowJobs();
	}

	@Bean
	ApplicationListener<ApplicationReadyEvent> benchReady() {
		return (event) -> System.out.println("bench-ready " + System.currentTimeMillis());
	}

	@Bean
	FinishedReporter benchFinishedReporter(JdbcClient jdbc, Environment environment) {
		FinishedReporter reporter = new FinishedReporter(jdbc);
		if (environment.getProperty("bench.report-finished", Boolean.class, false)) {
			reporter.start();
		}
		return reporter;
	}

	/**
	 * An empty payload.
	 */
	record Slow() {
	}

	/**
	 * Takes {@link #RUN} per job, as a slow call to another service would.
	 */
	static final class SlowJobs implements JobHandler<Slow> {

		@Override
		public String type() {
			return TYPE;
		}

		@Override
		public JobSettings configure(JobSettings defaults) {
			return defaults.withConcurrency(CONCURRENCY).withPrefetch(PREFETCH);
		}

		@Override
		public JobOutcome run(JobContext<Slow> job) throws InterruptedException {
			System.out.println("bench-started " + job.id());
			job.stopToken().awaitStop(RUN);
			return JobOutcome.done();
		}

	}

	/**
	 * Prints when no job of the type is left unfinished, from a daemon thread started
	 * while the context is created, before any executor runs.
	 */
	static final class FinishedReporter {

		private final JdbcClient jdbc;

		FinishedReporter(JdbcClient jdbc) {
			this.jdbc = jdbc;
		}

		void start() {
			System.out.println("bench-jvm-start " + ManagementFactory.getRuntimeMXBean().getStartTime());
			Thread thread = new Thread(this::watch, "bench-finished-reporter");
			thread.setDaemon(true);
			thread.start();
		}

		private void watch() {
			while (true) {
				try {
					long unfinished = this.jdbc
						.sql("SELECT COUNT(*) FROM jobs WHERE queue = ? AND status <> 'SUCCEEDED'")
						.param(TYPE)
						.query(Long.class)
						.single();
					if (unfinished == 0) {
						System.out.println("bench-finished " + System.currentTimeMillis());
						return;
					}
				}
				catch (RuntimeException ex) {
					// the database is not ready yet: look again
				}
				LockSupport.parkNanos(POLL.toNanos());
			}
		}

	}

}
