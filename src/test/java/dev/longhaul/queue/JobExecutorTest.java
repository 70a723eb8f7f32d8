package dev.longhaul.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.longhaul.support.TestDatabases;
import dev.longhaul.worker.LoopWorker;
import dev.longhaul.worker.WorkerFactory;
import dev.longhaul.worker.WorkerObserver;
import dev.longhaul.worker.WorkerSettings;
import dev.longhaul.worker.WorkersProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A queue's executor on its own threads, run by a loop worker as the application runs it,
 * on H2: per-job failure isolation, claims within free capacity, timeouts, stops,
 * multi-step jobs, and dependencies that go away.
 */
class JobExecutorTest {

	private static final String QUEUE = "q";

	private static final QueueProperties PROPERTIES = new QueueProperties(Duration.ofSeconds(3), 3,
			Duration.ofMillis(1), Duration.ofMillis(1), 1.0, 0.0, Duration.ofDays(7),
			QueueProperties.Completion.DEFAULTS);

	private final HikariDataSource dataSource = TestDatabases.h2();

	private final JdbcClient jdbc = JdbcClient.create(this.dataSource);

	private final CountDownLatch release = new CountDownLatch(1);

	private final AtomicInteger running = new AtomicInteger();

	private final AtomicInteger mostRunning = new AtomicInteger();

	private final Set<Long> started = ConcurrentHashMap.newKeySet();

	private TestJobEngine engine;

	private JobCompleter completer;

	private JobExecutor executor;

	private LoopWorker worker;

	@AfterEach
	void stop() {
		this.release.countDown();
		if (this.worker != null) {
			this.worker.stop();
			this.completer.stop();
		}
		this.dataSource.close();
	}

	@Test
	void aHandlerThatAlwaysThrowsFailsOnlyItsJobsWhichEndDeadWithTheirReasonWhileTheOthersRun() {
		start(new Handler("ok", 4, 0, (job) -> JobOutcome.done()), new Handler("poison", 4, 0, (job) -> {
			throw new IllegalStateException("the report cannot be written");
		}));
		long poison = enqueue("poison");
		List<Long> others = enqueue("ok", 20);

		await().until(() -> status(poison) == JobStatus.DEAD && others.stream().allMatch(this::succeeded));

		Job dead = job(poison);
		assertThat(dead.attempts()).isEqualTo(3);
		assertThat(dead.lastError()).as("the category: the log has the message")
			.isEqualTo("unexpected error (IllegalStateException)");
		assertThat(this.worker.snapshot().failures()).as("no round failed").isZero();
	}

	@Test
	void claimsNeverExceedTheFreeThreadsPlusThePrefetch() {
		start(new Handler("slow", 2, 3, (job) -> awaitRelease()));
		List<Long> ids = enqueue("slow", 20);

		await().until(() -> this.running.get() == 2 && count(JobStatus.RUNNING) == 5);
		this.worker.trigger();
		await().until(() -> this.worker.snapshot().rounds() >= 3 && !this.worker.snapshot().roundInProgress());
		assertThat(count(JobStatus.RUNNING)).isEqualTo(5);
		assertThat(this.executor.held()).isEqualTo(5);

		this.release.countDown();
		await().until(() -> ids.stream().allMatch(this::succeeded));
		assertThat(this.mostRunning).hasValue(2);
	}

	@Test
	void aStoredJobWhoseTypeHasNoHandlerFailsToDeadWithThatReasonAndStallsNothing() {
		start(new Handler("ok", 1, 0, (job) -> JobOutcome.done()));
		long ghost = this.engine.client().enqueue(NewJob.of(QUEUE, "{}").withType("ghost")).job().id();
		long ok = enqueue("ok");

		await().until(() -> status(ghost) == JobStatus.DEAD && succeeded(ok));

		assertThat(job(ghost).lastError()).startsWith("No handler runs job type 'ghost' in queue 'q'");
		assertThat(job(ghost).attempts()).isEqualTo(1);
	}

	@Test
	void aPayloadThatCannotBeReadFailsToDeadAtOnce() {
		start(new Handler("ok", 1, 0, (job) -> JobOutcome.done()));
		long bad = this.engine.client().enqueue(NewJob.of(QUEUE, "not json").withType("ok")).job().id();

		await().until(() -> status(bad) == JobStatus.DEAD);

		assertThat(job(bad).lastError()).startsWith("Its payload is not a Work: ");
	}

	@Test
	void aRunPastItsTimeoutIsInterruptedItsTryFailsAndTheThreadIsFreeAgain() {
		start(new Handler("stuck", 1, 0, Duration.ofMillis(200), (job) -> awaitRelease()),
				new Handler("ok", 1, 0, (job) -> JobOutcome.done()));
		long stuck = enqueue("stuck");

		await().until(() -> job(stuck).attempts() == 1);
		assertThat(job(stuck).lastError()).startsWith("Ran longer than its timeout 200ms and was interrupted");
		long ok = enqueue("ok");
		await().until(() -> succeeded(ok));
	}

	@Test
	void aStopHandsBackTheJobsThatHaveNotStartedAndLetsTheRunningOneFinish() throws Exception {
		start(new Handler("slow", 1, 4, (job) -> awaitRelease()));
		List<Long> ids = enqueue("slow", 5);
		await().until(() -> this.running.get() == 1 && count(JobStatus.RUNNING) == 5);
		CountDownLatch stopped = new CountDownLatch(1);

		this.worker.stop(stopped::countDown);
		this.release.countDown();
		assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
		this.completer.stop();

		assertThat(count(JobStatus.SUCCEEDED)).isEqualTo(1);
		assertThat(count(JobStatus.READY)).isEqualTo(4);
		assertThat(count(JobStatus.RUNNING)).isZero();
		assertThat(ids).map(this::job).filteredOn((job) -> job.status() == JobStatus.READY).allSatisfy((job) -> {
			assertThat(job.attempts()).isZero();
			assertThat(job.lastError()).isNull();
		});
	}

	@Test
	void aMultiStepJobStoresItsProgressAfterEachStepAndAStopHandsItBackToResumeWhereItWas() throws Exception {
		AtomicInteger steps = new AtomicInteger();
		CountDownLatch thirdStep = new CountDownLatch(1);
		Handler counting = new Handler("steps", 1, 0, (job) -> {
			int done = job.progress(Step.class).map(Step::done).orElse(0);
			steps.incrementAndGet();
			if (done == 2) {
				thirdStep.countDown();
				awaitRelease();
			}
			return (done + 1 == 5) ? JobOutcome.done("steps: " + steps.get())
					: JobOutcome.continueWith(new Step(done + 1));
		});
		start(counting);
		long id = enqueue("steps");
		assertThat(thirdStep.await(10, TimeUnit.SECONDS)).isTrue();

		CountDownLatch stopped = new CountDownLatch(1);
		this.worker.stop(stopped::countDown);
		this.release.countDown();
		assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
		this.completer.stop();
		Job handedBack = job(id);
		assertThat(handedBack.status()).isEqualTo(JobStatus.READY);
		assertThat(handedBack.attempts()).isZero();
		assertThat(handedBack.progress()).isEqualTo("{\"done\":3}");

		this.completer.start();
		this.worker.start();
		await().until(() -> succeeded(id));
		assertThat(job(id).result()).isEqualTo("steps: 5");
	}

	@Test
	void aMultiStepJobCompletedInItsOwnTransactionRunsNoFurtherStep() {
		AtomicInteger steps = new AtomicInteger();
		Handler completing = new Handler("completing", 1, 0, (job) -> {
			int done = job.progress(Step.class).map(Step::done).orElse(0);
			steps.incrementAndGet();
			if (done < 2) {
				return JobOutcome.continueWith(new Step(done + 1));
			}
			job.completeInTransaction("completed by the handler", new Step(done + 1));
			return JobOutcome.done();
		});
		start(completing);
		long id = enqueue("completing");

		await().until(() -> succeeded(id));
		// Another job behind it on the single thread proves the first job's run is over.
		long next = enqueue("completing");
		await().until(() -> succeeded(next));

		assertThat(steps).hasValue(6);
		assertThat(job(id).result()).isEqualTo("completed by the handler");
	}

	@Test
	void aDependencyReportedUnavailableHandsTheJobsBackWithTheirTriesAndBacksTheWorkerOff() {
		start(new Handler("mail", 1, 5, (job) -> JobOutcome.unavailable("SMTP server unavailable: refused")));
		List<Long> ids = enqueue("mail", 3);

		await().until(() -> this.worker.snapshot().consecutiveFailures() >= 1);

		assertThat(this.worker.snapshot().lastError().message()).startsWith("SMTP server unavailable: refused");
		await().until(() -> count(JobStatus.RUNNING) == 0);
		assertThat(ids).map(this::job).allSatisfy((job) -> {
			assertThat(job.status()).isEqualTo(JobStatus.READY);
			assertThat(job.attempts()).isZero();
			assertThat(job.lastError()).isEqualTo("SMTP server unavailable: refused");
		});
		assertThat(this.started).as("not tried one after the other").hasSizeLessThan(3);
	}

	@Test
	void theLeasesOfTheJobsItHoldsAreExtendedWhileTheyRun() {
		start(new Handler("slow", 1, 0, (job) -> awaitRelease()));
		long id = enqueue("slow");
		await().until(() -> this.running.get() == 1);
		Instant first = job(id).leaseUntil();

		await().atMost(Duration.ofSeconds(10)).until(() -> job(id).leaseUntil().isAfter(first));

		this.engine.rescueExpiredLeases();
		assertThat(status(id)).isEqualTo(JobStatus.RUNNING);
	}

	@Test
	void eachRunLogsWithItsJobsKeysAndLeavesNothingInThePooledThreadsMdcForTheNext() {
		List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
		start(new Handler("logged", 1, 0, (job) -> {
			Map<String, String> mdc = MDC.getCopyOfContextMap();
			seen.add((mdc != null) ? mdc : Map.of());
			MDC.put("datasetId", "42");
			return JobOutcome.done();
		}));
		long first = enqueue("logged");
		await().until(() -> succeeded(first));
		long second = enqueue("logged");
		await().until(() -> succeeded(second));

		assertThat(seen.get(0)).containsEntry("instance", "instance-a")
			.containsEntry("worker", "q-worker")
			.containsEntry("queue", QUEUE)
			.containsEntry("jobId", String.valueOf(first))
			.containsEntry("jobType", "logged")
			.containsEntry("attempt", "1");
		assertThat(seen.get(1)).as("the same pooled thread, nothing left of the first job")
			.containsEntry("jobId", String.valueOf(second))
			.doesNotContainKey("datasetId");
	}

	private void start(Handler... handlers) {
		this.engine = new TestJobEngine(this.dataSource, Clock.systemUTC(), "instance-a", PROPERTIES, handlers);
		this.completer = this.engine.completer(PROPERTIES.completion().settings());
		this.completer.start();
		this.executor = this.engine.executor(QUEUE, this.completer);
		this.worker = new WorkerFactory(new WorkersProperties(Map.of()), Clock.systemUTC(), WorkerObserver.NONE,
				(reason) -> {
				})
			.loop("q-worker", WorkerSettings.loop(Duration.ofMillis(50)), this.executor);
		this.executor.wakeWith(this.worker::wake);
		this.engine.signals().onWork(QUEUE, this.worker::wake);
		this.worker.start();
	}

	private long enqueue(String type) {
		return enqueue(type, 1).get(0);
	}

	private List<Long> enqueue(String type, int count) {
		return this.engine.client()
			.enqueueAll(type, java.util.Collections.nCopies(count, new Work(1)), JobOptions.DEFAULTS)
			.stream()
			.map((enqueued) -> enqueued.job().id())
			.toList();
	}

	private JobOutcome awaitRelease() throws InterruptedException {
		if (!this.release.await(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("not released");
		}
		return JobOutcome.done();
	}

	private Job job(long id) {
		return this.engine.queries().find(id).orElseThrow();
	}

	private JobStatus status(long id) {
		return job(id).status();
	}

	private boolean succeeded(long id) {
		return status(id) == JobStatus.SUCCEEDED;
	}

	private long count(JobStatus status) {
		return this.jdbc.sql("SELECT COUNT(*) FROM jobs WHERE status = ?")
			.param(status.name())
			.query(Long.class)
			.single();
	}

	record Work(int size) {
	}

	record Step(int done) {
	}

	@FunctionalInterface
	interface Body {

		JobOutcome run(JobContext<Work> job) throws Exception;

	}

	/** A handler of the queue {@code q}, counting its runs. */
	final class Handler implements JobHandler<Work> {

		private final String type;

		private final int concurrency;

		private final int prefetch;

		private final Duration timeout;

		private final Body body;

		Handler(String type, int concurrency, int prefetch, Body body) {
			this(type, concurrency, prefetch, Duration.ofMinutes(5), body);
		}

		Handler(String type, int concurrency, int prefetch, Duration timeout, Body body) {
			this.type = type;
			this.concurrency = concurrency;
			this.prefetch = prefetch;
			this.timeout = timeout;
			this.body = body;
		}

		@Override
		public String type() {
			return this.type;
		}

		@Override
		public JobSettings configure(JobSettings defaults) {
			return defaults.withQueue(QUEUE)
				.withWorker("q-worker")
				.withConcurrency(this.concurrency)
				.withPrefetch(this.prefetch)
				.withTimeout(this.timeout);
		}

		@Override
		public JobOutcome run(JobContext<Work> job) throws Exception {
			JobExecutorTest.this.started.add(job.id());
			JobExecutorTest.this.mostRunning.accumulateAndGet(JobExecutorTest.this.running.incrementAndGet(),
					Math::max);
			try {
				return this.body.run(job);
			}
			finally {
				JobExecutorTest.this.running.decrementAndGet();
			}
		}

	}

}
