package dev.longhaul.queue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.longhaul.queue.JobCompleter.Result;
import dev.longhaul.support.CuttableDataSource;
import dev.longhaul.support.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The completer writes acknowledgements in groups, by size or by time, keeps them while
 * the database is unreachable, and writes what is left when it stops.
 */
@ExtendWith(OutputCaptureExtension.class)
class JobCompleterTest {

	private static final Duration NEVER = Duration.ofHours(1);

	private final HikariDataSource h2 = TestDatabases.h2();

	private final CuttableDataSource dataSource = new CuttableDataSource(this.h2);

	private final TestJobEngine engine = new TestJobEngine(this.dataSource, Clock.systemUTC(), "instance-a",
			QueueProperties.defaults());

	private final List<Result> results = new CopyOnWriteArrayList<>();

	private JobCompleter completer;

	@AfterEach
	void stop() {
		this.dataSource.restore();
		if (this.completer != null) {
			this.completer.stop();
		}
		this.h2.close();
	}

	@Test
	void aGroupIsWrittenOnceBatchSizeAcknowledgementsWait() throws Exception {
		start(3, NEVER, 100);
		List<Job> jobs = claim(3);

		submit(jobs.get(0));
		submit(jobs.get(1));
		assertThat(this.completer.pending()).as("waiting for a third, or an hour").isEqualTo(2);
		submit(jobs.get(2));

		await().until(() -> this.results.size() == 3);
		assertThat(this.results).containsOnly(Result.APPLIED);
		assertThat(succeeded()).isEqualTo(3);
	}

	@Test
	void fewerThanBatchSizeAreWrittenOnceTheOldestHasWaitedTheFlushInterval() throws Exception {
		start(100, Duration.ofMillis(20), 100);

		submit(claim(1).get(0));

		await().until(() -> this.results.size() == 1);
		assertThat(succeeded()).isEqualTo(1);
	}

	@Test
	void aStaleAcknowledgementInAGroupLeavesTheOthersWritten() throws Exception {
		start(3, NEVER, 100);
		List<Job> jobs = claim(3);
		this.h2.getConnection()
			.createStatement()
			.execute("UPDATE jobs SET lease_token = 'other' WHERE id = " + jobs.get(1).id());

		jobs.forEach(this::submit);

		await().until(() -> this.results.size() == 3);
		assertThat(this.results).containsExactlyInAnyOrder(Result.APPLIED, Result.LEASE_LOST, Result.APPLIED);
		assertThat(succeeded()).isEqualTo(2);
	}

	@Test
	void aStopWritesWhatIsLeftBeforeItCompletes() throws Exception {
		start(100, NEVER, 100);
		claim(5).forEach(this::submit);
		assertThat(this.completer.pending()).isEqualTo(5);

		CompletableFuture<Void> stopped = new CompletableFuture<>();
		this.completer.stop(() -> stopped.complete(null));
		stopped.get(10, TimeUnit.SECONDS);

		assertThat(succeeded()).isEqualTo(5);
		assertThat(this.completer.isRunning()).isFalse();
	}

	@Test
	void whileTheDatabaseIsUnreachableAcknowledgementsAreKeptAndWrittenOnceItReturns(CapturedOutput output)
			throws Exception {
		start(2, Duration.ofMillis(5), 100);
		List<Job> jobs = claim(4);
		this.dataSource.cut();

		jobs.forEach(this::submit);
		await().until(() -> this.dataSource.refused() >= 3);
		assertThat(this.results).isEmpty();
		assertThat(this.completer.pending()).isPositive();

		this.dataSource.restore();
		await().until(() -> this.results.size() == 4);
		assertThat(this.results).containsOnly(Result.APPLIED);
		assertThat(succeeded()).isEqualTo(4);
		assertThat(output).contains("job acknowledgement(s): ")
			.contains("keeping them and writing them again")
			.contains("kept for")
			.doesNotContain(" ERROR ");
	}

	@Test
	void whenMaxPendingWaitTheNextSubmitterWaitsForRoom() throws Exception {
		start(1, Duration.ofMillis(5), 2);
		List<Job> jobs = claim(4);
		this.dataSource.cut();
		submit(jobs.get(0));
		await().until(() -> this.dataSource.refused() >= 1);
		submit(jobs.get(1));
		submit(jobs.get(2));

		Thread waiting = new Thread(() -> submit(jobs.get(3)));
		waiting.start();
		await().until(() -> waiting.getState() == Thread.State.WAITING);
		assertThat(this.results).isEmpty();

		this.dataSource.restore();
		waiting.join(10_000);
		await().until(() -> this.results.size() == 4);
		assertThat(succeeded()).isEqualTo(4);
	}

	private void start(int batchSize, Duration flushInterval, int maxPending) {
		this.completer = this.engine
			.completer(new JobCompleter.Settings(batchSize, flushInterval, maxPending, Duration.ofSeconds(5)));
		this.completer.start();
	}

	private List<Job> claim(int count) {
		for (int i = 0; i < count; i++) {
			this.engine.client().enqueue(NewJob.of("q", "{}"));
		}
		return this.engine.claim("q", count);
	}

	private void submit(Job job) {
		try {
			this.completer.submit(new Acknowledgement.Succeeded(job.lease(), null), this.results::add);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private long succeeded() {
		return this.engine.queries().countByStatus("q").get(JobStatus.SUCCEEDED);
	}

}
