package dev.longhaul.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.longhaul.config.InstanceId;
import dev.longhaul.queue.Job.Lease;
import dev.longhaul.queue.JobQueue.Change;
import dev.longhaul.queue.JobQueue.FailOutcome;
import dev.longhaul.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The job queue's contract, run against H2 and PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JobQueueContractTest {

	static final QueueProperties PROPERTIES = new QueueProperties(Duration.ofMinutes(5), 3, Duration.ofSeconds(10),
			Duration.ofHours(1), 2.0, 0.0);

	MutableClock clock;

	AtomicInteger signals;

	HikariDataSource dataSource;

	JdbcClient jdbc;

	TransactionTemplate transactions;

	JobQueue queue;

	abstract HikariDataSource createDataSource();

	@BeforeEach
	void setUp() {
		if (this.dataSource == null) {
			this.dataSource = createDataSource();
			this.jdbc = JdbcClient.create(this.dataSource);
			this.transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		}
		this.jdbc.sql("DELETE FROM jobs").update();
		this.clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		this.signals = new AtomicInteger();
		this.queue = queue("instance-a");
	}

	@AfterAll
	void closeDataSource() {
		this.dataSource.close();
	}

	JobQueue queue(String instance) {
		JobSignals jobSignals = new JobSignals();
		jobSignals.onWork("q", this.signals::incrementAndGet);
		return new JobQueue(this.dataSource, this.jdbc, this.transactions, this.clock, new InstanceId(instance),
				PROPERTIES, jobSignals);
	}

	@Test
	void enqueuedJobIsClaimedWithALeaseOfThisInstance() {
		Job enqueued = this.queue.enqueue(NewJob.of("q", "{\"n\":1}")).job();

		List<Job> claimed = this.queue.claim("q", 10);

		assertThat(enqueued.status()).isEqualTo(JobStatus.READY);
		assertThat(claimed).singleElement().satisfies((job) -> {
			assertThat(job.id()).isEqualTo(enqueued.id());
			assertThat(job.payload()).isEqualTo("{\"n\":1}");
			assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
			assertThat(job.leaseOwner()).isEqualTo("instance-a");
			assertThat(job.leaseToken()).isNotBlank();
			assertThat(job.leaseUntil()).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(5)));
			assertThat(job.maxAttempts()).isEqualTo(3);
		});
		assertThat(this.queue.claim("q", 10)).isEmpty();
		assertThat(this.signals).hasValue(1);
	}

	@Test
	void claimTakesHighestPriorityFirstThenEarliestDueAndSkipsJobsNotDue() {
		Instant now = this.clock.instant();
		long late = this.queue.enqueue(NewJob.of("q", "{}").withRunAt(now.minusSeconds(10))).job().id();
		long early = this.queue.enqueue(NewJob.of("q", "{}").withRunAt(now.minusSeconds(20))).job().id();
		long urgent = this.queue.enqueue(NewJob.of("q", "{}").withPriority(5)).job().id();
		this.queue.enqueue(NewJob.of("q", "{}").withRunAt(now.plusSeconds(60)));
		this.queue.enqueue(NewJob.of("other", "{}"));

		List<Job> claimed = this.queue.claim("q", 10);

		assertThat(claimed).extracting(Job::id).containsExactly(urgent, early, late);
	}

	@Test
	void sameIdempotencyKeyAndRequestReturnsTheFirstJobAndAnotherRequestConflicts() {
		Enqueued first = this.queue.enqueue(NewJob.of("q", "{}").withIdempotencyKey("key-1", "hash-a"));

		Enqueued again = this.queue.enqueue(NewJob.of("q", "{}").withIdempotencyKey("key-1", "hash-a"));

		assertThat(first.created()).isTrue();
		assertThat(again.created()).isFalse();
		assertThat(again.job().id()).isEqualTo(first.job().id());
		assertThatExceptionOfType(IdempotencyConflictException.class)
			.isThrownBy(() -> this.queue.enqueue(NewJob.of("q", "{}").withIdempotencyKey("key-1", "hash-b")))
			.withMessageContaining("key-1");
		assertThat(count()).isEqualTo(1);
		assertThat(this.signals).hasValue(1);
	}

	@Test
	void enqueueJoinsTheCallersTransactionAndSignalsOnlyAfterCommit() {
		this.transactions.executeWithoutResult((status) -> {
			this.queue.enqueue(NewJob.of("q", "{}"));
			status.setRollbackOnly();
		});
		assertThat(count()).isZero();
		assertThat(this.signals).hasValue(0);

		this.transactions.executeWithoutResult((status) -> {
			this.queue.enqueue(NewJob.of("q", "{}"));
			assertThat(this.signals).hasValue(0);
		});
		assertThat(count()).isEqualTo(1);
		assertThat(this.signals).hasValue(1);
	}

	@Test
	void enqueueAllIsAllOrNothing() {
		this.queue.enqueue(NewJob.of("q", "{}").withIdempotencyKey("taken", "hash-a"));

		assertThatExceptionOfType(IdempotencyConflictException.class).isThrownBy(() -> this.queue
			.enqueueAll(List.of(NewJob.of("q", "{}"), NewJob.of("q", "{}").withIdempotencyKey("taken", "hash-b"))));

		assertThat(count()).isEqualTo(1);
		assertThat(this.queue.enqueueAll(List.of(NewJob.of("q", "{}"), NewJob.of("q", "{}")))).hasSize(2);
		assertThat(count()).isEqualTo(3);
	}

	@Test
	void completionByAWorkerThatLostItsLeaseChangesNothing() {
		this.queue.enqueue(NewJob.of("q", "{}"));
		Job stale = this.queue.claim("q", 1).get(0);
		this.clock.advance(Duration.ofMinutes(6));
		assertThat(this.queue.recoverExpiredLeases()).isEqualTo(1);
		Job current = queue("instance-b").claim("q", 1).get(0);

		assertThat(this.queue.complete(stale.lease(), "stale result")).isFalse();
		assertThat(this.queue.fail(stale.lease(), "stale failure", true)).isEqualTo(FailOutcome.LEASE_LOST);
		assertThat(this.queue.release(stale.lease())).isFalse();
		assertThat(this.queue.extendLease(stale.lease())).isFalse();

		Job job = this.queue.find(current.id()).orElseThrow();
		assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
		assertThat(job.leaseOwner()).isEqualTo("instance-b");
		assertThat(queue("instance-b").complete(current.lease(), "right result")).isTrue();
		assertThat(this.queue.find(current.id()).orElseThrow().result()).isEqualTo("right result");
	}

	@Test
	void finishedTriesAreCountedForTheThroughputChartButNotThoseOfALostLease() {
		this.queue.enqueueAll(List.of(NewJob.of("q", "{}"), NewJob.of("q", "{}"), NewJob.of("q", "{}")));
		List<Job> claimed = this.queue.claim("q", 3);
		this.queue.complete(claimed.get(0).lease(), null);
		this.queue.complete(claimed.get(1).lease(), null);
		this.queue.fail(claimed.get(2).lease(), "boom", true);
		this.queue.complete(claimed.get(2).lease(), null);
		this.clock.advance(Duration.ofSeconds(1));

		JobThroughput.Point last = this.queue.throughput().rates(1).get(JobThroughput.SECONDS - 1);
		assertThat(last.succeeded()).isEqualTo(2.0);
		assertThat(last.failed()).isEqualTo(1.0);
	}

	@Test
	void countAllGroupsEveryQueueByStatus() {
		this.queue.enqueueAll(List.of(NewJob.of("q", "{}"), NewJob.of("q", "{}"), NewJob.of("other", "{}")));
		this.queue.complete(this.queue.claim("q", 1).get(0).lease(), null);

		Map<String, Map<JobStatus, Long>> counts = this.queue.countAll();
		assertThat(counts).containsOnlyKeys("other", "q");
		assertThat(counts.get("q")).containsEntry(JobStatus.READY, 1L)
			.containsEntry(JobStatus.SUCCEEDED, 1L)
			.containsEntry(JobStatus.DEAD, 0L);
		assertThat(counts.get("other")).containsEntry(JobStatus.READY, 1L);
	}

	@Test
	void failedJobIsRetriedAfterABackoffUntilItsAttemptsRunOut() {
		long id = this.queue.enqueue(NewJob.of("q", "{}")).job().id();

		assertThat(this.queue.fail(this.queue.claim("q", 1).get(0).lease(), "timeout", true))
			.isEqualTo(FailOutcome.RETRY_SCHEDULED);
		Job retrying = this.queue.find(id).orElseThrow();
		assertThat(retrying.status()).isEqualTo(JobStatus.READY);
		assertThat(retrying.attempts()).isEqualTo(1);
		assertThat(retrying.runAt()).isEqualTo(this.clock.instant().plusSeconds(10));
		assertThat(retrying.lastError()).isEqualTo("timeout");
		assertThat(this.queue.claim("q", 1)).isEmpty();

		this.clock.advance(Duration.ofSeconds(10));
		assertThat(this.queue.fail(this.queue.claim("q", 1).get(0).lease(), "timeout", true))
			.isEqualTo(FailOutcome.RETRY_SCHEDULED);
		assertThat(this.queue.find(id).orElseThrow().runAt()).isEqualTo(this.clock.instant().plusSeconds(20));
		this.clock.advance(Duration.ofSeconds(20));
		assertThat(this.queue.fail(this.queue.claim("q", 1).get(0).lease(), "timeout again", true))
			.isEqualTo(FailOutcome.DEAD);

		Job dead = this.queue.find(id).orElseThrow();
		assertThat(dead.status()).isEqualTo(JobStatus.DEAD);
		assertThat(dead.attempts()).isEqualTo(3);
		assertThat(dead.lastError()).isEqualTo("timeout again");
		assertThat(dead.finishedAt()).isEqualTo(this.clock.instant());
	}

	@Test
	void permanentFailureIsDeadAtOnceAndCanBeRequeued() {
		long id = this.queue.enqueue(NewJob.of("q", "{}")).job().id();

		assertThat(this.queue.fail(this.queue.claim("q", 1).get(0).lease(), "550 no such user", false))
			.isEqualTo(FailOutcome.DEAD);
		assertThat(this.queue.find(id).orElseThrow().status()).isEqualTo(JobStatus.DEAD);

		assertThat(this.queue.requeue(id)).isInstanceOf(Change.Done.class);
		Job requeued = this.queue.find(id).orElseThrow();
		assertThat(requeued.status()).isEqualTo(JobStatus.READY);
		assertThat(requeued.attempts()).isZero();
		assertThat(requeued.lastError()).isNull();
		assertThat(this.queue.requeue(id)).isInstanceOf(Change.NotAllowed.class);
		assertThat(this.queue.requeue(424242)).isEqualTo(new Change.NotFound(424242));
	}

	@Test
	void releasedJobGoesBackWithoutCountingATry() {
		long id = this.queue.enqueue(NewJob.of("q", "{}")).job().id();

		assertThat(this.queue.release(this.queue.claim("q", 1).get(0).lease())).isTrue();

		Job released = this.queue.find(id).orElseThrow();
		assertThat(released.status()).isEqualTo(JobStatus.READY);
		assertThat(released.attempts()).isZero();
		assertThat(released.leaseToken()).isNull();
		assertThat(this.queue.claim("q", 1)).hasSize(1);
	}

	@Test
	void deferredJobGoesBackWithItsReasonWithoutCountingATry() {
		long id = this.queue.enqueue(NewJob.of("q", "{}")).job().id();

		assertThat(this.queue.defer(this.queue.claim("q", 1).get(0).lease(), "SMTP server unreachable")).isTrue();

		Job deferred = this.queue.find(id).orElseThrow();
		assertThat(deferred.status()).isEqualTo(JobStatus.READY);
		assertThat(deferred.attempts()).isZero();
		assertThat(deferred.lastError()).isEqualTo("SMTP server unreachable");
	}

	@Test
	void expiredLeaseReturnsTheJobCountingATryAndAJobOutOfTriesDies() {
		long id = this.queue.enqueue(NewJob.of("q", "{}").withMaxAttempts(2)).job().id();
		this.queue.claim("q", 1);
		this.clock.advance(Duration.ofMinutes(4));
		assertThat(this.queue.recoverExpiredLeases()).isZero();

		this.clock.advance(Duration.ofMinutes(2));
		assertThat(this.queue.recoverExpiredLeases()).isEqualTo(1);
		Job recovered = this.queue.find(id).orElseThrow();
		assertThat(recovered.status()).isEqualTo(JobStatus.READY);
		assertThat(recovered.attempts()).isEqualTo(1);
		assertThat(recovered.lastError()).isEqualTo("Lease of instance instance-a expired");

		Job again = this.queue.claim("q", 1).get(0);
		assertThat(this.queue.extendLease(again.lease())).isTrue();
		this.clock.advance(Duration.ofMinutes(6));
		assertThat(this.queue.recoverExpiredLeases()).isEqualTo(1);
		assertThat(this.queue.find(id).orElseThrow().status()).isEqualTo(JobStatus.DEAD);
	}

	@Test
	void onlyAJobThatHasNotStartedCanBeCancelled() {
		long waiting = this.queue.enqueue(NewJob.of("q", "{}")).job().id();
		assertThat(this.queue.cancel(waiting)).isInstanceOf(Change.Done.class);
		assertThat(this.queue.find(waiting).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(this.queue.claim("q", 1)).isEmpty();

		long running = this.queue.enqueue(NewJob.of("q", "{}")).job().id();
		this.queue.claim("q", 1);
		assertThat(this.queue.cancel(running)).isInstanceOf(Change.NotAllowed.class);
		assertThat(this.queue.cancel(999999)).isInstanceOf(Change.NotFound.class);
	}

	@Test
	void progressIsStoredWithTheLease() {
		long id = this.queue.enqueue(NewJob.of("q", "{}")).job().id();
		Job job = this.queue.claim("q", 1).get(0);
		this.clock.advance(Duration.ofMinutes(4));

		assertThat(this.queue.saveProgress(job.lease(), "{\"offset\":42}")).isTrue();

		Job saved = this.queue.find(id).orElseThrow();
		assertThat(saved.progress()).isEqualTo("{\"offset\":42}");
		assertThat(saved.leaseUntil()).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(5)));
	}

	@Test
	void countsAndPagesByStatus() {
		for (int i = 0; i < 5; i++) {
			this.queue.enqueue(NewJob.of("q", "{}"));
		}
		Job failed = this.queue.claim("q", 1).get(0);
		this.queue.fail(failed.lease(), "once", true);
		this.queue.claim("q", 1);

		Map<JobStatus, Long> counts = this.queue.countByStatus("q");
		JobQueue.JobPage retrying = this.queue.list("q", JobStatus.READY, true, 0, 10);
		JobQueue.JobPage fresh = this.queue.list("q", JobStatus.READY, false, 0, 2);

		assertThat(counts).containsEntry(JobStatus.READY, 4L)
			.containsEntry(JobStatus.RUNNING, 1L)
			.containsEntry(JobStatus.DEAD, 0L);
		assertThat(retrying.jobs()).extracting(Job::id).containsExactly(failed.id());
		assertThat(fresh.total()).isEqualTo(3);
		assertThat(fresh.jobs()).hasSize(2);
		assertThat(this.queue.oldestDue("q")).contains(Instant.parse("2026-01-01T00:00:00Z"));
	}

	@Test
	void parallelClaimersCompleteEveryJobExactlyOnce() throws Exception {
		int total = 3000;
		List<NewJob> jobs = new ArrayList<>();
		for (int i = 0; i < total; i++) {
			jobs.add(NewJob.of("q", "{\"n\":" + i + "}"));
		}
		this.queue.enqueueAll(jobs);
		Map<Long, AtomicInteger> completions = new ConcurrentHashMap<>();
		int claimers = 4;
		ExecutorService pool = Executors.newFixedThreadPool(claimers);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int c = 0; c < claimers; c++) {
				JobQueue claimer = queue("instance-" + c);
				running.add(pool.submit(() -> {
					List<Job> batch;
					while (!(batch = claimer.claim("q", 25)).isEmpty()) {
						for (Job job : batch) {
							completions.computeIfAbsent(job.id(), (id) -> new AtomicInteger()).incrementAndGet();
							assertThat(claimer.complete(new Lease(job.id(), job.leaseToken()), null)).isTrue();
						}
					}
				}));
			}
			for (Future<?> claimer : running) {
				claimer.get();
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(completions).hasSize(total);
		assertThat(completions.values()).allSatisfy((n) -> assertThat(n).hasValue(1));
		assertThat(this.queue.countByStatus("q")).containsEntry(JobStatus.SUCCEEDED, (long) total);
	}

	private long count() {
		return this.jdbc.sql("SELECT COUNT(*) FROM jobs").query(Long.class).single();
	}

}
