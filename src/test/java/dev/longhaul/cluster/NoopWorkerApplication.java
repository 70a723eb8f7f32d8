package dev.longhaul.cluster;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.longhaul.LonghaulApplication;
import dev.longhaul.config.InstanceId;
import dev.longhaul.queue.Job;
import dev.longhaul.queue.JobQueue;
import dev.longhaul.queue.JobSignals;
import dev.longhaul.worker.LoopWorker;
import dev.longhaul.worker.RoundResult;
import dev.longhaul.worker.WorkerFactory;
import dev.longhaul.worker.WorkerSettings;

/**
 * Longhaul plus a {@code noop-worker} that drains the {@code noop} queue, recording each
 * job it runs in {@code noop_effects} (job id, instance) before completing it, so tests
 * can count how often each job ran. Its {@code @Bean} methods work in lite mode (no
 * {@code @Configuration}, so other tests' component scans skip it).
 */
class NoopWorkerApplication {

	static final String QUEUE = "noop";

	@Bean
	LoopWorker noopWorker(WorkerFactory workers, JobQueue jobs, JdbcClient jdbc, InstanceId instance,
			JobSignals signals) {
		LoopWorker worker = workers.loop("noop-worker", WorkerSettings.loop(Duration.ofSeconds(1)), (stop) -> {
			List<Job> batch = jobs.claim(QUEUE, 100);
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

	public static void main(String[] args) {
		SpringApplication.run(new Class<?>[] { LonghaulApplication.class, NoopWorkerApplication.class }, args);
	}

}
