package dev.longhaul.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.longhaul.config.InstanceId;
import dev.longhaul.queue.Job;
import dev.longhaul.queue.JobQueue;
import dev.longhaul.queue.JobSignals;
import dev.longhaul.worker.LoopWorker;
import dev.longhaul.worker.RoundResult;
import dev.longhaul.worker.WorkerFactory;
import dev.longhaul.worker.WorkerSettings;

/**
 * The benchmark's copy of the tests' {@code dev.longhaul.cluster.NoopWorkerApplication}
 * (package-private there): a {@code noop-worker} that drains the {@code noop} queue,
 * recording each job in {@code noop_effects} (job id, instance) before completing it,
 * woken by {@link JobSignals} (and so by other instances' NOTIFY). It also notes, in
 * {@link ClaimTimes}, when the claim that took each job returned, for scenario 7. The
 * table {@code noop_effects} must exist. Its {@code @Bean} methods work in lite mode (no
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
	LoopWorker noopWorker(WorkerFactory workers, JobQueue jobs, JdbcClient jdbc, InstanceId instance,
			JobSignals signals, ClaimTimes claimTimes) {
		LoopWorker worker = workers.loop(WORKER, WorkerSettings.loop(Duration.ofSeconds(1)), (stop) -> {
			List<Job> batch = jobs.claim(QUEUE, 100);
			long claimed = System.nanoTime();
			for (Job job : batch) {
				claimTimes.nanos.put(job.id(), claimed);
			}
			for (Job job : batch) {
				jdbc.sql("INSERT INTO noop_effects (job_id, instance) VALUES (?, ?)")
					.params(job.id(), instance.value())
					.update();
				jobs.complete(job.lease(), null);
			}
			return batch.isEmpty() ? RoundResult.IDLE : RoundResult.MORE_WORK;
		});
		signals.onWork(QUEUE, worker::wake);
		return worker;
	}

	/**
	 * Job id to {@link System#nanoTime()} when the claim that took the job returned. The
	 * instances run in the benchmark's JVM, so these compare with the benchmark's own
	 * {@code nanoTime}.
	 */
	static final class ClaimTimes {

		private final Map<Long, Long> nanos = new ConcurrentHashMap<>();

		Map<Long, Long> nanos() {
			return this.nanos;
		}

	}

}
