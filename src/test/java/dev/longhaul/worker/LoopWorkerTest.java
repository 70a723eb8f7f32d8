package dev.longhaul.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.longhaul.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class LoopWorkerTest {

	private final Workers workers = new Workers();

	@AfterEach
	void stopWorkers() {
		this.workers.close();
	}

	@Test
	void idleWorkerWakesAtOnceOnSignalDespiteLongIdleDelay() {
		AtomicInteger rounds = new AtomicInteger();
		LoopWorker worker = this.workers.loop(Workers.loopSettings(), (stop) -> {
			rounds.incrementAndGet();
			return RoundResult.IDLE;
		});
		worker.start();
		await().untilAsserted(() -> assertThat(worker.snapshot().rounds()).isEqualTo(1));
		assertThat(worker.snapshot().nextRun()).isAfter(Instant.now().plus(Duration.ofMinutes(59)));

		worker.wake();

		await().atMost(Duration.ofSeconds(5)).until(() -> rounds.get() == 2);
	}

	@Test
	void wakeDuringRoundIsNotLost() throws Exception {
		CountDownLatch inRound = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger rounds = new AtomicInteger();
		LoopWorker worker = this.workers.loop(Workers.loopSettings(), (stop) -> {
			if (rounds.incrementAndGet() == 1) {
				inRound.countDown();
				release.await();
			}
			return RoundResult.IDLE;
		});
		worker.start();
		assertThat(inRound.await(5, TimeUnit.SECONDS)).isTrue();

		worker.wake();
		release.countDown();

		await().until(() -> rounds.get() == 2);
	}

	@Test
	void roundWithMoreWorkIsFollowedAtOnceByTheNext() {
		AtomicInteger rounds = new AtomicInteger();
		LoopWorker worker = this.workers.loop(Workers.loopSettings(),
				(stop) -> (rounds.incrementAndGet() < 4) ? RoundResult.MORE_WORK : RoundResult.IDLE);
		worker.start();

		await().until(() -> rounds.get() == 4);
		await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> rounds.get() == 4);
	}

	@Test
	void failedRoundIsCountedBackedOffAndTheWorkerGoesOn() {
		AtomicInteger rounds = new AtomicInteger();
		LoopWorker worker = this.workers.loop(Workers.loopSettings(), (stop) -> {
			if (rounds.incrementAndGet() <= 2) {
				throw (rounds.get() == 1) ? new IllegalStateException("boom 1")
						: new UncheckedIOException(new IOException("/data/secret.csv: boom 2"));
			}
			return RoundResult.IDLE;
		});
		worker.start();

		await().untilAsserted(() -> {
			WorkerSnapshot snapshot = worker.snapshot();
			assertThat(snapshot.rounds()).isEqualTo(3);
			assertThat(snapshot.lastSuccess()).isNotNull();
		});
		WorkerSnapshot snapshot = worker.snapshot();
		assertThat(snapshot.state()).isEqualTo(WorkerState.RUNNING);
		assertThat(snapshot.failures()).isEqualTo(2);
		assertThat(snapshot.consecutiveFailures()).isZero();
		assertThat(snapshot.lastError().type()).isEqualTo("UncheckedIOException");
		assertThat(snapshot.lastError().message()).as("its category: a foreign message may hold paths or SQL")
			.isEqualTo("I/O error");
	}

	@Test
	void backoffAfterFailureIsNotCutShortByWakeUps() {
		AtomicInteger rounds = new AtomicInteger();
		WorkerSettings settings = Workers.loopSettings()
			.toBuilder()
			.backoff(new Backoff(Duration.ofHours(1), Duration.ofHours(1), 2.0, 0.0))
			.build();
		LoopWorker worker = this.workers.loop(settings, (stop) -> {
			rounds.incrementAndGet();
			throw new IllegalStateException("smtp down");
		});
		worker.start();
		await().until(() -> rounds.get() == 1);

		for (int i = 0; i < 100; i++) {
			worker.wake();
		}

		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> rounds.get() == 1);
		assertThat(worker.snapshot().consecutiveFailures()).isEqualTo(1);
	}

	@Test
	void repeatedFailureLogsTheStackTraceOnceThenOneLinePerRepeat(CapturedOutput output) {
		AtomicInteger rounds = new AtomicInteger();
		LoopWorker worker = this.workers.loop(Workers.loopSettings(), (stop) -> {
			if (rounds.incrementAndGet() <= 3) {
				throw new IllegalStateException("connection refused");
			}
			return RoundResult.IDLE;
		});
		worker.start();

		await().until(() -> worker.snapshot().lastSuccess() != null);
		assertThat(output.getOut()).contains("Worker 'test-loop' round failed (attempt 1)")
			.contains("Worker 'test-loop' round failed again (attempt 2, same error): "
					+ "java.lang.IllegalStateException: connection refused")
			.contains("round failed again (attempt 3, same error)")
			.contains("Worker 'test-loop' recovered after 3 failed round(s)");
		assertThat(output.getOut().split("java.lang.IllegalStateException: connection refused\\R\\s+at ", -1))
			.hasSize(2);
	}

	@Test
	void restartPolicyTearsDownAndSetsUpTheTaskUntilTheBudgetIsSpent() {
		AtomicInteger starts = new AtomicInteger();
		AtomicInteger stops = new AtomicInteger();
		LoopTask task = new LoopTask() {

			@Override
			public void onStart() {
				starts.incrementAndGet();
			}

			@Override
			public RoundResult runRound(StopToken stopToken) {
				throw new IllegalStateException("corrupt state");
			}

			@Override
			public void onStop() {
				stops.incrementAndGet();
			}

		};
		LoopWorker worker = this.workers.loop(Workers.loopSettings()
			.toBuilder()
			.onError(ErrorPolicy.RESTART)
			.maxRestarts(2)
			.restartWindow(Duration.ofMinutes(10))
			.build(), task);
		worker.start();

		await().until(() -> worker.state() == WorkerState.FAILED);
		WorkerSnapshot snapshot = worker.snapshot();
		assertThat(snapshot.restarts()).isEqualTo(2);
		assertThat(snapshot.failures()).isEqualTo(3);
		assertThat(starts).hasValue(3);
		await().untilAsserted(() -> assertThat(stops).hasValue(3));
		assertThat(worker.isRunning()).isFalse();
	}

	@Test
	void restartBudgetForgetsRestartsOutsideItsWindow() {
		MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		AtomicInteger rounds = new AtomicInteger();
		LoopWorker worker = this.workers.clock(clock)
			.loop(Workers.loopSettings()
				.toBuilder()
				.onError(ErrorPolicy.RESTART)
				.maxRestarts(1)
				.restartWindow(Duration.ofMinutes(1))
				.build(), (stop) -> {
					rounds.incrementAndGet();
					clock.advance(Duration.ofMinutes(2));
					throw new IllegalStateException("flaky");
				});
		worker.start();

		await().until(() -> rounds.get() >= 5);
		assertThat(worker.state()).isNotEqualTo(WorkerState.FAILED);
	}

	@Test
	void stopWorkerPolicyMarksTheWorkerFailedAfterOneFailure() {
		AtomicInteger rounds = new AtomicInteger();
		LoopWorker worker = this.workers
			.loop(Workers.loopSettings().toBuilder().onError(ErrorPolicy.STOP_WORKER).build(), (stop) -> {
				rounds.incrementAndGet();
				throw new IllegalStateException("bad");
			});
		worker.start();

		await().until(() -> worker.state() == WorkerState.FAILED);
		await().during(Duration.ofMillis(100)).until(() -> rounds.get() == 1);
		assertThat(this.workers.terminations).isEmpty();
	}

	@Test
	void stopApplicationPolicyTerminatesTheApplication() {
		LoopWorker worker = this.workers
			.loop(Workers.loopSettings().toBuilder().onError(ErrorPolicy.STOP_APPLICATION).build(), (stop) -> {
				throw new IllegalStateException("cannot go on");
			});
		worker.start();

		await().until(() -> worker.state() == WorkerState.FAILED);
		assertThat(this.workers.terminations).singleElement().asString().contains("test-loop").contains("cannot go on");
	}

	@Test
	void errorMarksTheWorkerFailedWhateverThePolicy() {
		LoopWorker worker = this.workers.loop(Workers.loopSettings(), (stop) -> {
			throw new OutOfMemoryError("simulated");
		});
		worker.start();

		await().until(() -> worker.state() == WorkerState.FAILED);
		assertThat(worker.snapshot().lastError().type()).isEqualTo("OutOfMemoryError");
		assertThat(worker.snapshot().lastError().message()).isEqualTo("out of memory");
	}

	@Test
	void failingSetUpIsRetriedWithBackoff() {
		AtomicInteger starts = new AtomicInteger();
		AtomicInteger rounds = new AtomicInteger();
		LoopWorker worker = this.workers.loop(Workers.loopSettings(), new LoopTask() {

			@Override
			public void onStart() {
				if (starts.incrementAndGet() < 3) {
					throw new IllegalStateException("not ready");
				}
			}

			@Override
			public RoundResult runRound(StopToken stopToken) {
				rounds.incrementAndGet();
				return RoundResult.IDLE;
			}

		});
		worker.start();

		await().until(() -> rounds.get() == 1);
		assertThat(starts).hasValue(3);
		assertThat(worker.snapshot().failures()).isEqualTo(2);
	}

	@Test
	void stopWhenRoundInFlightRunsCallbackOnceAfterTheRound() throws Exception {
		CountDownLatch inRound = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger finished = new AtomicInteger();
		LoopWorker worker = this.workers.loop(Workers.loopSettings(), (stop) -> {
			inRound.countDown();
			release.await();
			finished.incrementAndGet();
			return RoundResult.MORE_WORK;
		});
		worker.start();
		assertThat(inRound.await(5, TimeUnit.SECONDS)).isTrue();
		AtomicInteger callbacks = new AtomicInteger();

		worker.stop(callbacks::incrementAndGet);

		assertThat(worker.state()).isEqualTo(WorkerState.STOPPING);
		assertThat(worker.isRunning()).isTrue();
		await().during(Duration.ofMillis(100)).until(() -> callbacks.get() == 0);
		release.countDown();
		await().until(() -> callbacks.get() == 1);
		assertThat(finished).hasValue(1);
		assertThat(worker.state()).isEqualTo(WorkerState.STOPPED);
		assertThat(worker.isRunning()).isFalse();
		assertThat(worker.wasInterruptedAtStop()).isFalse();
		await().during(Duration.ofMillis(100)).until(() -> callbacks.get() == 1);
	}

	@Test
	void stopWhenIdleCompletesAtOnce() {
		LoopWorker worker = this.workers.loop(Workers.loopSettings(), (stop) -> RoundResult.IDLE);
		worker.start();
		await().until(() -> worker.snapshot().rounds() == 1);
		CountDownLatch stopped = new CountDownLatch(1);

		worker.stop(stopped::countDown);

		await().atMost(Duration.ofSeconds(2)).until(() -> stopped.getCount() == 0);
		assertThat(worker.lastStopDuration()).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void roundThatOutlivesTheShutdownTimeoutIsInterrupted() {
		AtomicInteger interrupted = new AtomicInteger();
		LoopWorker worker = this.workers
			.loop(Workers.loopSettings().toBuilder().shutdownTimeout(Duration.ofMillis(50)).build(), (stop) -> {
				try {
					new CountDownLatch(1).await();
				}
				catch (InterruptedException ex) {
					interrupted.incrementAndGet();
					throw ex;
				}
				return RoundResult.IDLE;
			});
		worker.start();
		await().until(() -> worker.snapshot().roundInProgress());
		CountDownLatch stopped = new CountDownLatch(1);

		worker.stop(stopped::countDown);

		await().until(() -> stopped.getCount() == 0);
		assertThat(interrupted).hasValue(1);
		assertThat(worker.wasInterruptedAtStop()).isTrue();
		assertThat(worker.state()).isEqualTo(WorkerState.STOPPED);
		assertThat(worker.snapshot().failures()).isZero();
	}

	@Test
	void stopCompletesEvenWhenTheRoundIgnoresTheInterrupt() {
		CountDownLatch never = new CountDownLatch(1);
		LoopWorker worker = this.workers
			.loop(Workers.loopSettings().toBuilder().shutdownTimeout(Duration.ofMillis(50)).build(), (stop) -> {
				while (never.getCount() > 0) {
					try {
						never.await();
					}
					catch (InterruptedException ex) {
						// a badly behaved round
					}
				}
				return RoundResult.IDLE;
			});
		worker.start();
		await().until(() -> worker.snapshot().roundInProgress());
		CountDownLatch stopped = new CountDownLatch(1);

		worker.stop(stopped::countDown);

		await().atMost(Duration.ofSeconds(5)).until(() -> stopped.getCount() == 0);
		assertThat(worker.wasInterruptedAtStop()).isTrue();
		never.countDown();
	}

	@Test
	void roundSeesTheStopTokenAndLeavesEarly() {
		AtomicInteger leftEarly = new AtomicInteger();
		LoopWorker worker = this.workers.loop(Workers.loopSettings(), (stop) -> {
			if (stop.awaitStop(Duration.ofHours(1))) {
				leftEarly.incrementAndGet();
			}
			return RoundResult.IDLE;
		});
		worker.start();
		await().until(() -> worker.snapshot().roundInProgress());

		worker.stop();

		assertThat(leftEarly).hasValue(1);
		assertThat(worker.wasInterruptedAtStop()).isFalse();
	}

	@Test
	void pausedWorkerRunsNoRoundUntilResumed() {
		AtomicInteger rounds = new AtomicInteger();
		LoopWorker worker = this.workers.loop(Workers.loopSettings(), (stop) -> {
			rounds.incrementAndGet();
			return RoundResult.IDLE;
		});
		worker.start();
		await().until(() -> rounds.get() == 1);

		worker.pause("maintenance");
		worker.wake();

		assertThat(worker.snapshot().state()).isEqualTo(WorkerState.PAUSED);
		assertThat(worker.snapshot().pauseReason()).isEqualTo("maintenance");
		assertThatThrownBy(worker::trigger).isInstanceOf(IllegalWorkerStateException.class)
			.hasMessageContaining("it is PAUSED");
		assertThatThrownBy(() -> worker.pause("again")).isInstanceOf(IllegalWorkerStateException.class);
		await().during(Duration.ofMillis(200)).until(() -> rounds.get() == 1);

		worker.resume();

		await().until(() -> rounds.get() == 2);
		assertThat(worker.state()).isEqualTo(WorkerState.RUNNING);
		assertThatThrownBy(worker::resume).isInstanceOf(IllegalWorkerStateException.class)
			.hasMessageContaining("only a PAUSED worker can be resumed");
	}

	@Test
	void triggerRunsARoundNow() {
		AtomicInteger rounds = new AtomicInteger();
		LoopWorker worker = this.workers.loop(Workers.loopSettings(), (stop) -> {
			rounds.incrementAndGet();
			return RoundResult.IDLE;
		});
		worker.start();
		await().until(() -> rounds.get() == 1);

		worker.trigger();

		await().until(() -> rounds.get() == 2);
	}

	@Test
	void triggerCutsABackoffShort() {
		AtomicInteger rounds = new AtomicInteger();
		LoopWorker worker = this.workers.loop(Workers.loopSettings()
			.toBuilder()
			.backoff(new Backoff(Duration.ofHours(1), Duration.ofHours(1), 2, 0))
			.build(), (stop) -> {
				if (rounds.incrementAndGet() == 1) {
					throw new IllegalStateException("once");
				}
				return RoundResult.IDLE;
			});
		worker.start();
		await().until(() -> worker.snapshot().failures() == 1);

		worker.trigger();

		await().until(() -> rounds.get() == 2);
	}

	@Test
	void roundRunningPastStallAfterMarksTheWorkerStalled() throws Exception {
		MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		CountDownLatch release = new CountDownLatch(1);
		LoopWorker worker = this.workers.clock(clock)
			.loop(Workers.loopSettings().toBuilder().stallAfter(Duration.ofMinutes(5)).build(), (stop) -> {
				release.await();
				return RoundResult.IDLE;
			});
		worker.start();
		await().until(() -> worker.snapshot().roundInProgress());
		assertThat(worker.snapshot().stalled()).isFalse();

		clock.advance(Duration.ofMinutes(6));

		assertThat(worker.snapshot().stalled()).isTrue();
		assertThat(WorkerHealthIndicator.status(worker.snapshot(), 3).getCode()).isEqualTo("DOWN");
		release.countDown();
		await().untilAsserted(() -> assertThat(worker.snapshot().stalled()).isFalse());
	}

	@Test
	void disabledWorkerDoesNotStart() {
		LoopWorker worker = this.workers.loop(Workers.loopSettings().toBuilder().enabled(false).build(),
				(stop) -> RoundResult.IDLE);

		worker.start();

		assertThat(worker.isAutoStartup()).isFalse();
		assertThat(worker.isRunning()).isFalse();
		assertThat(worker.state()).isEqualTo(WorkerState.NEW);
	}

	@Test
	void stoppedWorkerCanBeStartedAgain() {
		AtomicInteger rounds = new AtomicInteger();
		LoopWorker worker = this.workers.loop(Workers.loopSettings(), (stop) -> {
			rounds.incrementAndGet();
			return RoundResult.IDLE;
		});
		worker.start();
		await().until(() -> rounds.get() == 1);
		worker.stop();

		worker.start();

		await().until(() -> rounds.get() == 2);
		assertThat(worker.state()).isEqualTo(WorkerState.RUNNING);
	}

	@Test
	void workerThreadIsNamedAfterTheWorker() {
		StringBuilder threadName = new StringBuilder();
		LoopWorker worker = this.workers.loop(Workers.loopSettings(), (stop) -> {
			threadName.append(Thread.currentThread().getName());
			return RoundResult.IDLE;
		});
		worker.start();

		await().until(() -> worker.snapshot().rounds() == 1);
		assertThat(threadName).hasToString("test-loop");
	}

	@Test
	void operatorPauseAfterATransientFailureKeepsTheWorkerUp() {
		AtomicInteger rounds = new AtomicInteger();
		LoopWorker worker = this.workers.loop(Workers.loopSettings()
			.toBuilder()
			.backoff(new Backoff(Duration.ofHours(1), Duration.ofHours(1), 2, 0))
			.build(), (stop) -> {
				rounds.incrementAndGet();
				throw new IllegalStateException("smtp down");
			});
		worker.start();
		await().until(() -> worker.snapshot().consecutiveFailures() == 1);

		worker.pause("maintenance");

		assertThat(worker.snapshot().pausedOnError()).isFalse();
		assertThat(WorkerHealthIndicator.status(worker.snapshot(), 3).getCode()).isEqualTo("UP");
	}

	@Test
	void roundCanPauseItsWorkerForAnErrorThatRetriesCannotFix() {
		AtomicInteger rounds = new AtomicInteger();
		LoopWorker worker = this.workers.loop(Workers.loopSettings(), (stop) -> {
			if (rounds.incrementAndGet() == 1) {
				throw new PauseWorkerException("credentials rejected", new IllegalStateException("535"));
			}
			return RoundResult.IDLE;
		});
		worker.start();

		await().until(() -> worker.state() == WorkerState.PAUSED);
		assertThat(worker.snapshot().pauseReason()).isEqualTo("credentials rejected");
		assertThat(WorkerHealthIndicator.status(worker.snapshot(), 3).getCode()).isEqualTo("DOWN");
		await().during(Duration.ofMillis(100)).until(() -> rounds.get() == 1);

		worker.resume();

		await().until(() -> rounds.get() == 2);
		assertThat(WorkerHealthIndicator.status(worker.snapshot(), 3).getCode()).isEqualTo("UP");
	}

}
