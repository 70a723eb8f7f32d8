package dev.longhaul.bench;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.longhaul.config.InstanceId;
import dev.longhaul.queue.Enqueued;
import dev.longhaul.queue.Job;
import dev.longhaul.queue.JobSignals;
import dev.longhaul.queue.JobStatus;
import dev.longhaul.queue.NewJob;
import dev.longhaul.queue.QueueProperties;
import dev.longhaul.queue.TestJobEngine;

/**
 * The job queue's SQL roles on a benchmark database, called directly (enqueue, claim, one
 * acknowledgement at a time): the engine level below the executors.
 */
final class BenchQueue {

	private final TestJobEngine engine;

	BenchQueue(DataSource dataSource, QueueProperties properties) {
		this.engine = new TestJobEngine(dataSource, Clock.systemUTC(), InstanceId.generate().value(), properties);
	}

	JobSignals signals() {
		return this.engine.signals();
	}

	Enqueued enqueue(NewJob job) {
		return this.engine.client().enqueue(job);
	}

	List<Enqueued> enqueueAll(List<NewJob> jobs) {
		return this.engine.client().enqueueAll(jobs);
	}

	List<Job> claim(String queue, int limit) {
		return this.engine.claim(queue, limit);
	}

	boolean complete(Job.Lease lease) {
		return this.engine.complete(lease, null);
	}

	Map<JobStatus, Long> countByStatus(String queue) {
		return this.engine.queries().countByStatus(queue);
	}

}
