package dev.longhaul.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.longhaul.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TimerWorkerTest {

	private final Workers workers = new Workers();

	@AfterEach
	void stopWorkers() {
		this.workers.close();
	}

	@Test
	void fixedRateTickThatOverrunsSkipsAndCountsTheTicksItOverlapped() {
		MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		AtomicInteger ticks = new AtomicInteger();
		AtomicInteger skippedSeen = new AtomicInteger();
		TimerWorker worker = this.workers.clock(clock).observer(new WorkerObserver() {
			@Override
			public void ticksSkipped(Worker worker, long count) {
				skippedSeen.addAndGet((int) count);
			}
		}).timer(WorkerSettings.timer(Schedule.fixedRate(Duration.ofMillis(100))), (stop) -> {
			if (ticks.incrementAndGet() == 1) {
				clock.advance(Duration.ofMillis(350));
			}
		});
		worker.start();

		await().until(() -> ticks.get() >= 2);
		assertThat(worker.snapshot().skippedTicks()).isEqualTo(3);
		assertThat(skippedSeen).hasValue(3);
	}

	@Test
	void ticksNeverOverlapEvenWhenTriggeredDuringATick() throws Exception {
		AtomicInteger running = new AtomicInteger();
		AtomicInteger maxRunning = new AtomicInteger();
		AtomicInteger ticks = new AtomicInteger();
		CountDownLatch inFirstTick = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		TimerWorker worker = this.workers.timer(WorkerSettings.timer(Schedule.fixedRate(Duration.ofMillis(1))),
				(stop) -> {
					maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
					if (ticks.incrementAndGet() == 1) {
						inFirstTick.countDown();
						release.await();
					}
					running.decrementAndGet();
				});
		worker.start();
		assertThat(inFirstTick.await(5, TimeUnit.SECONDS)).isTrue();

		worker.trigger();
		worker.trigger();
		release.countDown();

		await().until(() -> ticks.get() >= 20);
		assertThat(maxRunning).hasValue(1);
	}

	@Test
	void fixedDelayWaitsTheDelayAfterEachTickEnds() {
		MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		TimerWorker worker = this.workers.clock(clock)
			.timer(WorkerSettings.timer(Schedule.fixedDelay(Duration.ofHours(1))),
					(stop) -> clock.advance(Duration.ofMinutes(10)));
		worker.start();

		await().until(() -> worker.snapshot().rounds() == 1);
		assertThat(worker.snapshot().nextRun()).isEqualTo(Instant.parse("2026-01-01T01:10:00Z"));
		assertThat(worker.snapshot().skippedTicks()).isZero();
	}

	@Test
	void initialDelayPostponesTheFirstTick() {
		MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		TimerWorker worker = this.workers.clock(clock)
			.timer(WorkerSettings.timer(Schedule.fixedRate(Duration.ofMinutes(1)))
				.toBuilder()
				.initialDelay(Duration.ofHours(2))
				.build(), (stop) -> {
				});
		worker.start();

		await().until(() -> worker.snapshot().nextRun() != null);
		assertThat(worker.snapshot().nextRun()).isEqualTo(Instant.parse("2026-01-01T02:00:00Z"));
		assertThat(worker.snapshot().rounds()).isZero();
	}

	@Test
	void failedTickRetriesAfterTheLongerOfBackoffAndSchedule() {
		MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		Backoff backoff = new Backoff(Duration.ofMinutes(30), Duration.ofHours(2), 4.0, 0.0);
		AtomicInteger ticks = new AtomicInteger();
		TimerWorker worker = this.workers.clock(clock)
			.timer(WorkerSettings.timer(Schedule.fixedRate(Duration.ofHours(1))).toBuilder().backoff(backoff).build(),
					(stop) -> {
						ticks.incrementAndGet();
						throw new IllegalStateException("disk full");
					});
		worker.start();

		await().until(() -> worker.snapshot().failures() == 1);
		assertThat(worker.snapshot().nextRun()).isEqualTo(Instant.parse("2026-01-01T01:00:00Z"));

		worker.trigger();

		await().until(() -> worker.snapshot().failures() == 2);
		assertThat(worker.snapshot().nextRun()).isEqualTo(Instant.parse("2026-01-01T02:00:00Z"));
		assertThat(worker.state()).isEqualTo(WorkerState.RUNNING);
	}

}
