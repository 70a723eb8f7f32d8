package dev.longhaul.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.longhaul.queue.Job.Lease;
import dev.longhaul.support.MutableClock;

import static dev.longhaul.config.SqlTime.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The job queue's SQL contract (enqueue, claim, fenced acknowledgements, the rescuer,
 * operator actions, queries), run against H2 and PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JobQueueContractTest {

	static final QueueProperties PROPERTIES = new QueueProperties(Duration.ofMinutes(5), 3, Duration.ofSeconds(10),
			Duration.ofHours(1), 2.0, 0.0, Duration.ofDays(7), QueueProperties.Completion.DEFAULTS);

	static final Duration INSTANCE_TIMEOUT = Duration.ofSeconds(30);

	MutableClock clock;

	AtomicInteger signals;

	HikariDataSource dataSource;

	JdbcClient jdbc;

	TransactionTemplate transactions;

	TestJobEngine engine;

	JobClient client;

	JobQueries queries;

	abstract HikariDataSource createDataSource();

	@BeforeEach
	void setUp() {
		if (this.dataSource == null) {
			this.dataSource = createDataSource();
			this.jdbc = JdbcClient.create(this.dataSource);
			this.transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		}
		this.jdbc.sql("DELETE FROM jobs").update();
		this.jdbc.sql("DELETE FROM instances").update();
		this.clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		this.signals = new AtomicInteger();
		this.engine = engine("instance-a");
		this.client = this.engine.client();
		this.queries = this.engine.queries();
	}

	@AfterAll
	void closeDataSource() {
		this.dataSource.close();
	}

	TestJobEngine engine(String instance) {
		TestJobEngine engine = new TestJobEngine(this.dataSource, this.clock, instance, PROPERTIES);
		engine.signals().onWork("q", this.signals::incrementAndGet);
		return engine;
	}

	@Test
	void enqueuedJobIsClaimedWithALeaseOfThisInstance() {
		Job enqueued = this.client.enqueue(NewJob.of("q", "{\"n\":1}").withType("t")).job();

		List<Job> claimed = this.engine.claim("q", 10);

		assertThat(enqueued.status()).isEqualTo(JobStatus.READY);
		assertThat(claimed).singleElement().satisfies((job) -> {
			assertThat(job.id()).isEqualTo(enqueued.id());
			assertThat(job.type()).isEqualTo("t");
			assertThat(job.payload()).isEqualTo("{\"n\":1}");
			assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
			assertThat(job.leaseOwner()).isEqualTo("instance-a");
			assertThat(job.leaseToken()).isNotBlank();
			assertThat(job.leaseUntil()).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(5)));
			assertThat(job.maxAttempts()).isEqualTo(3);
		});
		assertThat(this.engine.claim("q", 10)).isEmpty();
		assertThat(this.signals).hasValue(1);
	}

	@Test
	void claimTakesHighestPriorityFirstThenEarliestDueAndSkipsJobsNotDue() {
		Instant now = this.clock.instant();
		long late = this.client.enqueue(NewJob.of("q", "{}").withRunAt(now.minusSeconds(10))).job().id();
		long early = this.client.enqueue(NewJob.of("q", "{}").withRunAt(now.minusSeconds(20))).job().id();
		long urgent = this.client.enqueue(NewJob.of("q", "{}").withPriority(5)).job().id();
		this.client.enqueue(NewJob.of("q", "{}").withRunAt(now.plusSeconds(60)));
		this.client.enqueue(NewJob.of("other", "{}"));

		List<Job> claimed = this.engine.claim("q", 10);

		assertThat(claimed).extracting(Job::id).containsExactly(urgent, early, late);
	}

	@Test
	void statesAreReadByIdWithTheHeadOfTheProgressAndWithoutJobsThatAreGone() {
		long running = this.client.enqueue(NewJob.of("q", "{}").withType("t")).job().id();
		long ready = this.client.enqueue(NewJob.of("q", "{}").withType("t")).job().id();
		long otherType = this.client.enqueue(NewJob.of("q", "{}").withType("u")).job().id();
		this.engine.claim("q", 1);
		this.jdbc.sql("UPDATE jobs SET progress = ? WHERE id = ?").params("{\"offset\":12345}", running).update();

		Map<Long, JobState> states = this.queries.states(List.of(running, ready, otherType + 1000), 9);

		assertThat(states).containsOnlyKeys(running, ready);
		assertThat(states.get(running))
			.isEqualTo(new JobState(running, JobStatus.RUNNING, 0, null, this.clock.instant(), null, "{\"offset\""));
		assertThat(states.get(ready)).isEqualTo(new JobState(ready, JobStatus.READY, 0, null, null, null, null));
		assertThat(this.queries.states(List.of(running), 0).get(running).progressHead()).isNull();
		assertThat(this.queries.states(List.of(), 9)).isEmpty();
		assertThat(this.queries.ids("t", JobStatus.READY)).containsExactly(ready);
		assertThat(this.queries.ids("t", JobStatus.RUNNING)).containsExactly(running);
		assertThat(this.queries.ids("u", JobStatus.RUNNING)).isEmpty();
	}

	@Test
	void claimNeverTakesMoreThanItsLimit() {
		for (int i = 0; i < 20; i++) {
			this.client.enqueue(NewJob.of("q", "{}"));
		}

		assertThat(this.engine.claim("q", 7)).hasSize(7);
		assertThat(this.engine.claim("q", 20)).hasSize(13);
	}

	@Test
	void sameIdempotencyKeyAndRequestReturnsTheFirstJobAndAnotherRequestConflicts() {
		Enqueued first = this.client.enqueue(NewJob.of("q", "{}").withIdempotencyKey("key-1", "hash-a"));

		Enqueued again = this.client.enqueue(NewJob.of("q", "{}").withIdempotencyKey("key-1", "hash-a"));

		assertThat(first.created()).isTrue();
		assertThat(again.created()).isFalse();
		assertThat(again.job().id()).isEqualTo(first.job().id());
		assertThatExceptionOfType(IdempotencyConflictException.class)
			.isThrownBy(() -> this.client.enqueue(NewJob.of("q", "{}").withIdempotencyKey("key-1", "hash-b")))
			.withMessageContaining("key-1");
		assertThat(count()).isEqualTo(1);
		assertThat(this.signals).hasValue(1);
	}

	@Test
	void theLongestNamespacedKeyIsStored() {
		String key = IdempotencyKey.ofUser("ada", "k".repeat(200)).stored();

		Enqueued first = this.client.enqueue(NewJob.of("q", "{}").withIdempotencyKey(key, "hash-a"));

		assertThat(first.job().idempotencyKey()).isEqualTo(key);
		assertThat(this.client.enqueue(NewJob.of("q", "{}").withIdempotencyKey(key, "hash-a")).job().id())
			.isEqualTo(first.job().id());
	}

	@Test
	void enqueueJoinsTheCallersTransactionAndSignalsOnlyAfterCommit() {
		this.transactions.executeWithoutResult((status) -> {
			this.client.enqueue(NewJob.of("q", "{}"));
			status.setRollbackOnly();
		});
		assertThat(count()).isZero();
		assertThat(this.signals).hasValue(0);

		this.transactions.executeWithoutResult((status) -> {
			this.client.enqueue(NewJob.of("q", "{}"));
			assertThat(this.signals).hasValue(0);
		});
		assertThat(count()).isEqualTo(1);
		assertThat(this.signals).hasValue(1);
	}

	@Test
	void enqueueAllIsAllOrNothing() {
		this.client.enqueue(NewJob.of("q", "{}").withIdempotencyKey("taken", "hash-a"));

		assertThatExceptionOfType(IdempotencyConflictException.class).isThrownBy(() -> this.client
			.enqueueAll(List.of(NewJob.of("q", "{}"), NewJob.of("q", "{}").withIdempotencyKey("taken", "hash-b"))));

		assertThat(count()).isEqualTo(1);
		assertThat(this.client.enqueueAll(List.of(NewJob.of("q", "{}"), NewJob.of("q", "{}")))).hasSize(2);
		assertThat(count()).isEqualTo(3);
	}

	@Test
	void acknowledgementByAWorkerThatLostItsLeaseChangesNothing() {
		this.client.enqueue(NewJob.of("q", "{}"));
		Job stale = this.engine.claim("q", 1).get(0);
		this.clock.advance(Duration.ofMinutes(6));
		assertThat(this.engine.rescueExpiredLeases()).isEqualTo(1);
		TestJobEngine other = engine("instance-b");
		Job current = other.claim("q", 1).get(0);

		assertThat(this.engine.complete(stale.lease(), "stale result")).isFalse();
		assertThat(this.engine.write(retried(stale, "stale failure"))).isFalse();
		assertThat(this.engine.write(died(stale, "stale failure"))).isFalse();
		assertThat(this.engine.write(released(stale, null))).isFalse();
		assertThat(this.engine.write(new Acknowledgement.Cancelled(stale.lease()))).isFalse();
		assertThat(this.engine.leases().saveProgress(stale.lease(), "{}")).isEqualTo(JobLeases.Progress.LEASE_LOST);
		assertThat(this.engine.leases().extend(List.of(stale.id()))).isZero();

		Job job = this.queries.find(current.id()).orElseThrow();
		assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
		assertThat(job.leaseOwner()).isEqualTo("instance-b");
		assertThat(other.complete(current.lease(), "right result")).isTrue();
		assertThat(this.queries.find(current.id()).orElseThrow().result()).isEqualTo("right result");
	}

	@Test
	void aGroupOfAcknowledgementsIsWrittenInOneTransactionAndAStaleRowFailsNoneOfTheOthers() {
		this.client.enqueueAll(List.of(NewJob.of("q", "{}"), NewJob.of("q", "{}"), NewJob.of("q", "{}")));
		List<Job> claimed = this.engine.claim("q", 3);
		Job stale = claimed.get(1);
		this.jdbc.sql("UPDATE jobs SET lease_token = 'taken-over' WHERE id = ?").param(stale.id()).update();

		boolean[] applied = this.engine.leases()
			.write(List.of(new Acknowledgement.Succeeded(claimed.get(0).lease(), "a"),
					new Acknowledgement.Succeeded(stale.lease(), "b"), retried(claimed.get(2), "boom")));

		assertThat(applied).containsExactly(true, false, true);
		assertThat(this.queries.find(claimed.get(0).id()).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(this.queries.find(stale.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
		assertThat(this.queries.find(claimed.get(2).id()).orElseThrow().status()).isEqualTo(JobStatus.READY);
	}

	@Test
	void finishedTriesAreCountedForTheThroughputChartButNotThoseOfALostLease() {
		this.client.enqueueAll(List.of(NewJob.of("q", "{}"), NewJob.of("q", "{}"), NewJob.of("q", "{}")));
		List<Job> claimed = this.engine.claim("q", 3);
		this.engine.complete(claimed.get(0).lease(), null);
		this.engine.complete(claimed.get(1).lease(), null);
		this.engine.write(retried(claimed.get(2), "boom"));
		this.engine.complete(claimed.get(2).lease(), null);
		this.clock.advance(Duration.ofSeconds(1));

		JobThroughput.Point last = this.engine.throughput().rates(1).get(JobThroughput.SECONDS - 1);
		assertThat(last.succeeded()).isEqualTo(2.0);
		assertThat(last.failed()).isEqualTo(1.0);
	}

	@Test
	void countAllGroupsEveryQueueByStatus() {
		this.client.enqueueAll(List.of(NewJob.of("q", "{}"), NewJob.of("q", "{}"), NewJob.of("other", "{}")));
		this.engine.complete(this.engine.claim("q", 1).get(0).lease(), null);

		Map<String, Map<JobStatus, Long>> counts = this.queries.countAll();
		assertThat(counts).containsOnlyKeys("other", "q");
		assertThat(counts.get("q")).containsEntry(JobStatus.READY, 1L)
			.containsEntry(JobStatus.SUCCEEDED, 1L)
			.containsEntry(JobStatus.DEAD, 0L);
		assertThat(counts.get("other")).containsEntry(JobStatus.READY, 1L);
	}

	@Test
	void retriedJobWaitsUntilItsRunAtAndDiesWithItsLastError() {
		long id = this.client.enqueue(NewJob.of("q", "{}")).job().id();

		assertThat(this.engine.write(retried(this.engine.claim("q", 1).get(0), "timeout"))).isTrue();
		Job retrying = this.queries.find(id).orElseThrow();
		assertThat(retrying.status()).isEqualTo(JobStatus.READY);
		assertThat(retrying.attempts()).isEqualTo(1);
		assertThat(retrying.runAt()).isEqualTo(this.clock.instant().plusSeconds(10));
		assertThat(retrying.lastError()).isEqualTo("timeout");
		assertThat(retrying.leaseToken()).isNull();
		assertThat(this.engine.claim("q", 1)).isEmpty();

		this.clock.advance(Duration.ofSeconds(10));
		assertThat(this.engine.write(died(this.engine.claim("q", 1).get(0), "timeout again"))).isTrue();

		Job dead = this.queries.find(id).orElseThrow();
		assertThat(dead.status()).isEqualTo(JobStatus.DEAD);
		assertThat(dead.attempts()).isEqualTo(2);
		assertThat(dead.lastError()).isEqualTo("timeout again");
		assertThat(dead.finishedAt()).isEqualTo(this.clock.instant());
	}

	@Test
	void deadJobCanBeRequeuedWithFreshAttempts() {
		long id = this.client.enqueue(NewJob.of("q", "{}")).job().id();
		this.engine.write(died(this.engine.claim("q", 1).get(0), "550 no such user"));

		assertThat(this.client.requeue(id)).isInstanceOf(JobChange.Done.class);
		Job requeued = this.queries.find(id).orElseThrow();
		assertThat(requeued.status()).isEqualTo(JobStatus.READY);
		assertThat(requeued.attempts()).isZero();
		assertThat(requeued.lastError()).isNull();
		assertThat(this.client.requeue(id)).isInstanceOf(JobChange.NotAllowed.class);
		assertThat(this.client.requeue(424242)).isEqualTo(new JobChange.NotFound(424242));
	}

	@Test
	void releasedJobGoesBackWithoutCountingATryKeepingOrNotingItsLastError() {
		long id = this.client.enqueue(NewJob.of("q", "{}")).job().id();

		assertThat(this.engine.write(released(this.engine.claim("q", 1).get(0), null))).isTrue();

		Job released = this.queries.find(id).orElseThrow();
		assertThat(released.status()).isEqualTo(JobStatus.READY);
		assertThat(released.attempts()).isZero();
		assertThat(released.leaseToken()).isNull();
		assertThat(released.lastError()).isNull();

		assertThat(this.engine.write(released(this.engine.claim("q", 1).get(0), "SMTP server unreachable"))).isTrue();
		Job deferred = this.queries.find(id).orElseThrow();
		assertThat(deferred.status()).isEqualTo(JobStatus.READY);
		assertThat(deferred.attempts()).isZero();
		assertThat(deferred.lastError()).isEqualTo("SMTP server unreachable");
		assertThat(this.engine.claim("q", 1)).hasSize(1);
	}

	@Test
	void expiredLeaseReturnsTheJobCountingATryAndAJobOutOfTriesDies() {
		long id = this.client.enqueue(NewJob.of("q", "{}").withMaxAttempts(2)).job().id();
		this.engine.claim("q", 1);
		this.clock.advance(Duration.ofMinutes(4));
		assertThat(this.engine.rescueExpiredLeases()).isZero();

		this.clock.advance(Duration.ofMinutes(2));
		assertThat(this.engine.rescueExpiredLeases()).isEqualTo(1);
		Job recovered = this.queries.find(id).orElseThrow();
		assertThat(recovered.status()).isEqualTo(JobStatus.READY);
		assertThat(recovered.attempts()).isEqualTo(1);
		assertThat(recovered.lastError()).isEqualTo("Lease of instance instance-a expired");

		Job again = this.engine.claim("q", 1).get(0);
		this.clock.advance(Duration.ofMinutes(4));
		assertThat(this.engine.leases().extend(List.of(again.id()))).isEqualTo(1);
		this.clock.advance(Duration.ofMinutes(4));
		assertThat(this.engine.rescueExpiredLeases()).as("extended").isZero();
		this.clock.advance(Duration.ofMinutes(2));
		assertThat(this.engine.rescueExpiredLeases()).isEqualTo(1);
		assertThat(this.queries.find(id).orElseThrow().status()).isEqualTo(JobStatus.DEAD);
	}

	@Test
	void jobsOfAnInstanceWhoseHeartbeatIsOlderThanTheTimeoutComeBackWithoutWaitingForTheirLease() {
		long crashed = this.client.enqueue(NewJob.of("q", "{}")).job().id();
		long alive = this.client.enqueue(NewJob.of("q", "{}")).job().id();
		long mine = this.client.enqueue(NewJob.of("q", "{}")).job().id();
		heartbeat("instance-dead", this.clock.instant());
		heartbeat("instance-alive", this.clock.instant());
		engine("instance-dead").claim("q", 1);
		engine("instance-alive").claim("q", 1);
		this.engine.claim("q", 1);
		JobRescuer rescuer = this.engine.rescuer(() -> Instant.parse("2025-12-31T23:00:00Z"), INSTANCE_TIMEOUT);

		this.clock.advance(INSTANCE_TIMEOUT);
		heartbeat("instance-alive", this.clock.instant());
		assertThat(rescuer.rescueDeadInstances()).as("a heartbeat exactly instance-timeout old").isZero();
		this.clock.advance(Duration.ofSeconds(1));

		assertThat(rescuer.rescueDeadInstances()).isEqualTo(1);
		Job rescued = this.queries.find(crashed).orElseThrow();
		assertThat(rescued.status()).isEqualTo(JobStatus.READY);
		assertThat(rescued.attempts()).as("the crashed try counts").isEqualTo(1);
		assertThat(rescued.leaseToken()).isNull();
		assertThat(rescued.lastError()).isEqualTo("Instance instance-dead stopped sending heartbeats");
		assertThat(this.queries.find(alive).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
		assertThat(this.queries.find(mine).orElseThrow().status()).as("its own jobs").isEqualTo(JobStatus.RUNNING);
		assertThat(this.signals).as("executors woken").hasValueGreaterThan(3);
	}

	@Test
	void instancesAreNotJudgedDeadUntilTheRescuerHasReachedTheDatabaseForAWholeTimeout() {
		long id = this.client.enqueue(NewJob.of("q", "{}")).job().id();
		heartbeat("instance-b", this.clock.instant().minus(Duration.ofMinutes(2)));
		engine("instance-b").claim("q", 1);
		Instant reachableSince = this.clock.instant().minusSeconds(10);
		JobRescuer rescuer = this.engine.rescuer(() -> reachableSince, INSTANCE_TIMEOUT);
		JobRescuer unreachable = this.engine.rescuer(() -> null, INSTANCE_TIMEOUT);

		assertThat(rescuer.rescueDeadInstances()).as("after an outage, every heartbeat is old at first").isZero();
		assertThat(unreachable.rescueDeadInstances()).isZero();
		assertThat(this.queries.find(id).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);

		this.clock.advance(Duration.ofSeconds(20));
		assertThat(rescuer.rescueDeadInstances()).isEqualTo(1);
	}

	@Test
	void aFrozenHolderWhoseJobWasRescuedCannotAcknowledgeItWhenItResumes() {
		long id = this.client.enqueue(NewJob.of("q", "{}")).job().id();
		heartbeat("instance-frozen", this.clock.instant());
		TestJobEngine frozen = engine("instance-frozen");
		Job held = frozen.claim("q", 1).get(0);
		this.clock.advance(INSTANCE_TIMEOUT.plusSeconds(1));
		this.engine.rescuer(() -> Instant.parse("2025-01-01T00:00:00Z"), INSTANCE_TIMEOUT).rescueDeadInstances();
		Job rerun = this.engine.claim("q", 1).get(0);

		assertThat(frozen.complete(held.lease(), "late")).isFalse();
		assertThat(this.queries.find(id).orElseThrow().leaseOwner()).isEqualTo("instance-a");
		assertThat(this.engine.complete(rerun.lease(), "on time")).isTrue();
		assertThat(this.queries.find(id).orElseThrow().result()).isEqualTo("on time");
	}

	@Test
	void onlyAJobThatHasNotStartedCanBeCancelled() {
		long waiting = this.client.enqueue(NewJob.of("q", "{}")).job().id();
		assertThat(this.client.cancel(waiting)).isInstanceOf(JobChange.Done.class);
		assertThat(this.queries.find(waiting).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(this.engine.claim("q", 1)).isEmpty();

		long running = this.client.enqueue(NewJob.of("q", "{}")).job().id();
		this.engine.claim("q", 1);
		assertThat(this.client.cancel(running)).isInstanceOf(JobChange.NotAllowed.class);
		assertThat(this.client.cancel(999999)).isInstanceOf(JobChange.NotFound.class);
	}

	@Test
	void progressIsStoredWithTheLeaseUntilACancelIsRequested() {
		long id = this.client.enqueue(NewJob.of("q", "{}")).job().id();
		Job job = this.engine.claim("q", 1).get(0);
		this.clock.advance(Duration.ofMinutes(4));

		assertThat(this.engine.leases().saveProgress(job.lease(), "{\"offset\":42}"))
			.isEqualTo(JobLeases.Progress.SAVED);

		Job saved = this.queries.find(id).orElseThrow();
		assertThat(saved.progress()).isEqualTo("{\"offset\":42}");
		assertThat(saved.leaseUntil()).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(5)));

		assertThat(this.client.requestCancel(id)).isInstanceOf(JobChange.Done.class);
		assertThat(this.engine.leases().saveProgress(job.lease(), "{\"offset\":43}"))
			.isEqualTo(JobLeases.Progress.CANCEL_REQUESTED);
		assertThat(this.queries.find(id).orElseThrow().progress()).isEqualTo("{\"offset\":42}");
	}

	@Test
	void countsAndPagesByStatus() {
		for (int i = 0; i < 5; i++) {
			this.client.enqueue(NewJob.of("q", "{}"));
		}
		Job failed = this.engine.claim("q", 1).get(0);
		this.engine.write(retried(failed, "once"));
		this.engine.claim("q", 1);

		Map<JobStatus, Long> counts = this.queries.countByStatus("q");
		JobPage retrying = this.queries.list("q", JobStatus.READY, true, 0, 10);
		JobPage fresh = this.queries.list("q", JobStatus.READY, false, 0, 2);

		assertThat(counts).containsEntry(JobStatus.READY, 4L)
			.containsEntry(JobStatus.RUNNING, 1L)
			.containsEntry(JobStatus.DEAD, 0L);
		assertThat(retrying.jobs()).extracting(Job::id).containsExactly(failed.id());
		assertThat(fresh.total()).isEqualTo(3);
		assertThat(fresh.jobs()).hasSize(2);
		assertThat(this.queries.oldestDue("q")).contains(Instant.parse("2026-01-01T00:00:00Z"));
		assertThat(this.queries.summaries("q", JobStatus.READY, true, 0, 10)).singleElement()
			.isEqualTo(JobSummary.of(this.queries.find(failed.id()).orElseThrow()));
		assertThat(this.queries.summaries("q", JobStatus.READY, false, 0, 2)).extracting(JobSummary::id)
			.containsExactlyElementsOf(fresh.jobs().stream().map(Job::id).toList());
		assertThat(this.queries.summaries("q", JobStatus.READY, false, 1, 2)).hasSize(1);
		assertThat(this.queries.count("q", JobStatus.READY, false)).isEqualTo(3);
		assertThat(this.queries.count("q", null, null)).isEqualTo(5);
	}

	@Test
	void jobsThatEndedBeforeTheRetentionAreDeletedAndOthersKept() {
		List<Job> jobs = this.client
			.enqueueAll(List.of(NewJob.of("q", "{}"), NewJob.of("q", "{}"), NewJob.of("q", "{}"), NewJob.of("q", "{}")))
			.stream()
			.map(Enqueued::job)
			.toList();
		List<Job> claimed = this.engine.claim("q", 3);
		this.engine.complete(claimed.get(0).lease(), null);
		this.engine.write(died(claimed.get(1), "gone"));
		this.clock.advance(Duration.ofDays(8));
		JobCleaner cleaner = new JobCleaner(this.jdbc, this.clock, Duration.ofDays(7), () -> true);

		cleaner.tick(dev.longhaul.support.StopTokens.NEVER);

		assertThat(this.queries.find(jobs.get(0).id())).isEmpty();
		assertThat(this.queries.find(jobs.get(1).id())).isEmpty();
		assertThat(this.queries.find(jobs.get(2).id())).as("running").isPresent();
		assertThat(this.queries.find(jobs.get(3).id())).as("waiting").isPresent();
	}

	@Test
	void parallelClaimersCompleteEveryJobExactlyOnce() throws Exception {
		int total = 3000;
		List<NewJob> jobs = new ArrayList<>();
		for (int i = 0; i < total; i++) {
			jobs.add(NewJob.of("q", "{\"n\":" + i + "}"));
		}
		this.client.enqueueAll(jobs);
		Map<Long, AtomicInteger> completions = new ConcurrentHashMap<>();
		int claimers = 4;
		ExecutorService pool = Executors.newFixedThreadPool(claimers);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int c = 0; c < claimers; c++) {
				TestJobEngine claimer = engine("instance-" + c);
				running.add(pool.submit(() -> {
					List<Job> batch;
					while (!(batch = claimer.claim("q", 25)).isEmpty()) {
						List<Acknowledgement> done = new ArrayList<>();
						for (Job job : batch) {
							completions.computeIfAbsent(job.id(), (id) -> new AtomicInteger()).incrementAndGet();
							done.add(new Acknowledgement.Succeeded(new Lease(job.id(), job.leaseToken()), null));
						}
						assertThat(claimer.leases().write(done)).doesNotContain(false);
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
		assertThat(this.queries.countByStatus("q")).containsEntry(JobStatus.SUCCEEDED, (long) total);
	}

	@Test
	void explorerFiltersByQueueTypeStatusesAgeAndErrorText() {
		long mailDead = job("mail", "email", JobStatus.DEAD, "550 Mailbox unavailable");
		this.clock.advance(Duration.ofHours(2));
		long mailReady = job("mail", "email", JobStatus.READY, null);
		long thumbDead = job("thumbs", "thumbnail", JobStatus.DEAD, "No image 42");
		long thumbDone = job("thumbs", "thumbnail", JobStatus.SUCCEEDED, null);
		Instant now = this.clock.instant();

		assertThat(explore(JobFilter.ALL)).containsExactly(thumbDone, thumbDead, mailReady, mailDead);
		assertThat(explore(filter(null, "email", Set.of()))).containsExactly(mailReady, mailDead);
		assertThat(explore(filter("thumbs", null, Set.of()))).containsExactly(thumbDone, thumbDead);
		assertThat(explore(filter(null, null, Set.of(JobStatus.DEAD)))).containsExactly(thumbDead, mailDead);
		assertThat(explore(filter(null, null, Set.of(JobStatus.DEAD, JobStatus.SUCCEEDED)))).containsExactly(thumbDone,
				thumbDead, mailDead);
		assertThat(explore(filter(null, "thumbnail", Set.of(JobStatus.DEAD)))).containsExactly(thumbDead);
		assertThat(explore(new JobFilter(null, null, Set.of(), now.minus(Duration.ofHours(1)), null, null)))
			.containsExactly(mailDead);
		assertThat(explore(new JobFilter(null, null, Set.of(), null, now.minus(Duration.ofHours(1)), null)))
			.containsExactly(thumbDone, thumbDead, mailReady);
		assertThat(explore(new JobFilter(null, null, Set.of(), null, null, "MAILBOX"))).containsExactly(mailDead);
		assertThat(explore(filter(null, "no-such-type", Set.of()))).isEmpty();
	}

	@Test
	void explorerMatchesErrorTextLiterallyNotAsAPattern() {
		long percent = job("q", "t", JobStatus.DEAD, "quota 100% used");
		long underscore = job("q", "t", JobStatus.DEAD, "bad field user_id");
		long backslash = job("q", "t", JobStatus.DEAD, "path C:\\tmp");
		job("q", "t", JobStatus.DEAD, "quota 1000 used, userXid");

		assertThat(explore(new JobFilter(null, null, Set.of(), null, null, "0%"))).containsExactly(percent);
		assertThat(explore(new JobFilter(null, null, Set.of(), null, null, "r_i"))).containsExactly(underscore);
		assertThat(explore(new JobFilter(null, null, Set.of(), null, null, ":\\t"))).containsExactly(backslash);
		assertThat(explore(new JobFilter(null, null, Set.of(), null, null, "%"))).containsExactly(percent);
	}

	@Test
	void explorerPagesNewestFirstWithoutRepeatsOrGapsWhileJobsAreAdded() {
		List<Long> before = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			before.add(0, job("q", "t", (i % 2 == 0) ? JobStatus.DEAD : JobStatus.READY, null));
		}
		List<Long> seen = new ArrayList<>();
		Long cursor = null;
		int pages = 0;
		do {
			JobListing page = this.queries.explore(JobFilter.ALL, cursor, 10);
			page.jobs().forEach((job) -> seen.add(job.id()));
			cursor = page.next();
			pages++;
			job("q", "t", JobStatus.DEAD, null);
			job("q", "t", JobStatus.READY, null);
		}
		while (cursor != null);

		assertThat(seen).containsExactlyElementsOf(before);
		assertThat(pages).isEqualTo(3);
	}

	@Test
	void explorerListReadsNoPayloadAndShowsWhatTheRowSays() {
		long id = job("q", "t", JobStatus.DEAD, "boom");

		assertThat(JobQueries.exploreSql(JobFilter.ALL, 5L, 10, new ArrayList<>()))
			.doesNotContainIgnoringCase("payload");
		JobSummary summary = this.queries.explore(JobFilter.ALL, null, 10).jobs().get(0);
		assertThat(summary.id()).isEqualTo(id);
		assertThat(summary.queue()).isEqualTo("q");
		assertThat(summary.type()).isEqualTo("t");
		assertThat(summary.status()).isEqualTo(JobStatus.DEAD);
		assertThat(summary.lastError()).isEqualTo("boom");
		assertThat(summary.maxAttempts()).isEqualTo(3);
		assertThat(summary.createdAt()).isEqualTo(this.clock.instant());
	}

	@Test
	void requeueForgetsTheCancelRequestOfTheLastRun() {
		long id = this.client.enqueue(NewJob.of("q", "{}")).job().id();
		Job running = this.engine.claim("q", 1).get(0);
		assertThat(this.client.requestCancel(id)).isInstanceOf(JobChange.Done.class);
		this.engine.write(died(running, "failed on its last try"));

		assertThat(this.client.requeue(id)).isInstanceOf(JobChange.Done.class);

		Job rerun = this.engine.claim("q", 1).get(0);
		assertThat(this.engine.leases().saveProgress(rerun.lease(), "{\"step\":2}"))
			.isEqualTo(JobLeases.Progress.SAVED);
	}

	@Test
	void bulkRetryRequeuesTheDeadJobsTheFilterTakesUpToItsLimitOldestFirst() {
		long first = job("q", "email", JobStatus.DEAD, "550 a");
		long second = job("q", "email", JobStatus.DEAD, "550 b");
		long third = job("q", "email", JobStatus.DEAD, "550 c");
		long otherType = job("q", "dataset", JobStatus.DEAD, "gone");
		long ready = job("q", "email", JobStatus.READY, null);
		this.jdbc.sql("UPDATE jobs SET attempts = 3, cancel_requested = TRUE").update();

		assertThat(this.client.requeueAll(filter(null, "email", Set.of()), 2)).isEqualTo(2);
		assertThat(this.client.requeueAll(filter(null, "email", Set.of(JobStatus.DEAD)), 10)).isEqualTo(1);
		assertThat(this.client.requeueAll(filter(null, "email", Set.of(JobStatus.READY)), 10)).isZero();
		assertThat(this.client.requeueAll(filter(null, "email", Set.of()), 10)).isZero();

		for (long id : List.of(first, second, third)) {
			Job job = this.queries.find(id).orElseThrow();
			assertThat(job.status()).isEqualTo(JobStatus.READY);
			assertThat(job.attempts()).isZero();
			assertThat(job.lastError()).isNull();
			assertThat(job.finishedAt()).isNull();
			assertThat(this.jdbc.sql("SELECT cancel_requested FROM jobs WHERE id = ?")
				.param(id)
				.query(Boolean.class)
				.single()).isFalse();
		}
		assertThat(this.queries.find(otherType).orElseThrow().status()).isEqualTo(JobStatus.DEAD);
		assertThat(this.queries.find(ready).orElseThrow().attempts()).isEqualTo(3);
	}

	@Test
	void bulkCancelCancelsOnlyTheReadyJobsTheFilterTakes() {
		long running = this.client.enqueue(NewJob.of("q", "{}").withType("t")).job().id();
		this.engine.claim("q", 1);
		long waiting = job("q", "t", JobStatus.READY, null);
		long retrying = job("q", "t", JobStatus.READY, "timeout");
		long elsewhere = job("other", "t", JobStatus.READY, null);

		assertThat(this.client.cancelAll(filter("q", null, Set.of()), 100)).isEqualTo(2);

		assertThat(this.queries.find(waiting).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(this.queries.find(retrying).orElseThrow().finishedAt()).isEqualTo(this.clock.instant());
		assertThat(this.queries.find(running).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
		assertThat(this.queries.find(elsewhere).orElseThrow().status()).isEqualTo(JobStatus.READY);
		assertThat(this.client.cancelAll(filter("q", null, Set.of(JobStatus.DEAD)), 100)).isZero();
	}

	@Test
	void onlyJobsThatEndedAreDeletedOneByOneOrInBulk() {
		long done = job("q", "t", JobStatus.SUCCEEDED, null);
		long dead = job("q", "t", JobStatus.DEAD, "x");
		long cancelled = job("q", "t", JobStatus.CANCELLED, null);
		long ready = job("q", "t", JobStatus.READY, null);
		long deadElsewhere = job("q", "u", JobStatus.DEAD, "x");

		assertThat(this.client.delete(done)).isInstanceOf(JobChange.Done.class);
		assertThat(this.client.delete(done)).isEqualTo(new JobChange.NotFound(done));
		assertThat(this.client.delete(ready)).isInstanceOf(JobChange.NotAllowed.class);
		assertThat(this.client.deleteAll(filter(null, "t", Set.of(JobStatus.READY)), 100)).isZero();
		assertThat(this.client.deleteAll(filter(null, "t", Set.of()), 100)).isEqualTo(2);

		assertThat(this.queries.find(dead)).isEmpty();
		assertThat(this.queries.find(cancelled)).isEmpty();
		assertThat(this.queries.find(ready)).isPresent();
		assertThat(this.queries.find(deadElsewhere)).isPresent();
	}

	/** A job in a status, as if it had got there, enqueued at the clock's time. */
	long job(String queue, String type, JobStatus status, @Nullable String lastError) {
		long id = this.client.enqueue(NewJob.of(queue, "{\"secret\":\"payload\"}").withType(type)).job().id();
		boolean ended = status == JobStatus.SUCCEEDED || status == JobStatus.DEAD || status == JobStatus.CANCELLED;
		this.jdbc.sql("UPDATE jobs SET status = ?, last_error = ?, finished_at = ? WHERE id = ?")
			.params(status.name(), lastError, ended ? at(this.clock.instant()) : null, id)
			.update();
		return id;
	}

	List<Long> explore(JobFilter filter) {
		return this.queries.explore(filter, null, 50).jobs().stream().map(JobSummary::id).toList();
	}

	static JobFilter filter(@Nullable String queue, @Nullable String type, Set<JobStatus> statuses) {
		return new JobFilter(queue, type, statuses, null, null, null);
	}

	void heartbeat(String instance, Instant at) {
		this.jdbc.sql("DELETE FROM instances WHERE id = ?").param(instance).update();
		this.jdbc.sql("INSERT INTO instances (id, host, started_at, heartbeat_at) VALUES (?, 'host', ?, ?)")
			.params(instance, at(at), at(at))
			.update();
	}

	Acknowledgement retried(Job job, String error) {
		return new Acknowledgement.Retried(job.lease(), job.attempts() + 1,
				this.clock.instant().plus(PROPERTIES.retryInitial()), error);
	}

	static Acknowledgement died(Job job, String error) {
		return new Acknowledgement.Died(job.lease(), job.attempts() + 1, error);
	}

	static Acknowledgement released(Job job, String reason) {
		return new Acknowledgement.Released(job.lease(), job.runAt(), (reason != null) ? reason : job.lastError());
	}

	private long count() {
		return this.jdbc.sql("SELECT COUNT(*) FROM jobs").query(Long.class).single();
	}

}
