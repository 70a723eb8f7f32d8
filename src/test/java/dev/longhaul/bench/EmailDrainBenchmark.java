package dev.longhaul.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import dev.longhaul.email.DevMailServer;
import dev.longhaul.email.EmailRequest;
import dev.longhaul.email.Outbox;
import dev.longhaul.queue.JobEngine;
import dev.longhaul.queue.JobQueries;
import dev.longhaul.queue.JobStatus;
import dev.longhaul.worker.LoopWorker;

/**
 * Scenario 2: how fast the running application's {@code email-sender} worker drains a
 * backlog of emails to the embedded SMTP sink. The worker is paused while the backlog is
 * built through {@link Outbox#enqueueAll} and resumed when the clock starts; the run ends
 * when every email is SENT.
 */
final class EmailDrainBenchmark {

	static final int CHUNK = 1000;

	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	private static final Duration POLL = Duration.ofMillis(20);

	private EmailDrainBenchmark() {
	}

	/**
	 * Sends {@code warmUp} emails unmeasured, then measures a backlog of {@code emails}.
	 * @param application the running application
	 * @param emails backlog size
	 * @param warmUp emails sent first, to warm up the JIT and the connection pool
	 * @return emails per second
	 */
	static double run(RunningApplication application, int emails, int warmUp) {
		Outbox outbox = application.bean(Outbox.class);
		JobQueries jobs = application.bean(JobQueries.class);
		LoopWorker sender = application.bean(JobEngine.class).worker(Outbox.QUEUE).orElseThrow();
		DevMailServer sink = application.bean(DevMailServer.class);

		enqueue(outbox, warmUp);
		awaitSent(jobs, warmUp);

		sender.pause("benchmark: building the backlog");
		awaitRoundEnd(sender);
		enqueue(outbox, emails);
		long start = System.nanoTime();
		sender.resume();
		awaitSent(jobs, warmUp + emails);
		double seconds = (System.nanoTime() - start) / 1e9;
		int caught = sink.receivedMessages().length;
		if (caught < warmUp + emails) {
			throw new IllegalStateException(
					"The SMTP sink caught " + caught + " messages, expected " + (warmUp + emails));
		}
		return emails / seconds;
	}

	static EmailRequest email(int i) {
		return new EmailRequest(List.of("reader" + i + "@example.com"), null, null, null, "Benchmark email " + i,
				"Hello from the Longhaul benchmark.", null);
	}

	private static void enqueue(Outbox outbox, int count) {
		List<EmailRequest> chunk = new ArrayList<>(CHUNK);
		for (int i = 0; i < count; i++) {
			chunk.add(email(i));
			if (chunk.size() == CHUNK || i == count - 1) {
				outbox.enqueueAll(chunk);
				chunk.clear();
			}
		}
	}

	private static void awaitSent(JobQueries jobs, long expected) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (true) {
			Map<JobStatus, Long> counts = jobs.countByStatus(Outbox.QUEUE);
			if (counts.get(JobStatus.SUCCEEDED) >= expected) {
				return;
			}
			if (counts.get(JobStatus.DEAD) > 0) {
				throw new IllegalStateException("Emails failed: " + counts);
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Not all emails were sent within " + TIMEOUT + ": " + counts);
			}
			LockSupport.parkNanos(POLL.toNanos());
		}
	}

	private static void awaitRoundEnd(LoopWorker worker) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (worker.snapshot().roundInProgress()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The email sender's round did not end within " + TIMEOUT);
			}
			LockSupport.parkNanos(POLL.toNanos());
		}
	}

}
