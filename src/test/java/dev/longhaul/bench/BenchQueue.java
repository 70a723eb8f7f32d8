package dev.longhaul.bench;

import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import dev.longhaul.config.InstanceId;
import dev.longhaul.queue.Enqueued;
import dev.longhaul.queue.JobClient;
import dev.longhaul.queue.NewJob;
import dev.longhaul.queue.QueueProperties;
import dev.longhaul.queue.TestJobEngine;

/**
 * The engine's enqueue API ({@link JobClient}) on a benchmark database, outside any
 * application, wired as an instance wires it: for the durable-commit costs of scenario 5
 * and for backlogs that must wake other instances (on PostgreSQL an enqueue also sends
 * {@code NOTIFY}).
 */
final class BenchQueue {

	private final JobClient client;

	BenchQueue(DataSource dataSource, QueueProperties properties) {
		this.client = new TestJobEngine(dataSource, Clock.systemUTC(), InstanceId.generate().value(), properties)
			.client();
	}

	/**
	 * Enqueues one job in a transaction of its own, as {@code POST /api/emails} does.
	 * @param job the job
	 * @return the job
	 */
	Enqueued enqueue(NewJob job) {
		return this.client.enqueue(job);
	}

	/**
	 * Enqueues jobs in one transaction.
	 * @param jobs the jobs
	 * @return each job
	 */
	List<Enqueued> enqueueAll(List<NewJob> jobs) {
		return this.client.enqueueAll(jobs);
	}

}
