package dev.longhaul.worker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The life of a worker's thread from a start to its end ({@link RunUntilStopped}): the
 * task set up once before the first round and torn down once after the last, a failure of
 * the loop's own machinery ending the run as FAILED rather than silently, and each run
 * starting afresh.
 */
@ExtendWith(OutputCaptureExtension.class)
class RunUntilStoppedTest {

	private final Workers workers = new Workers();

	@AfterEach
	void stopWorkers() {
		this.workers.close();
	}

	@Test
	void taskIsSetUpOnceBeforeTheFirstRoundAndTornDownOnceAfterTheLast() {
		List<String> events = new CopyOnWriteArrayList<>();
		LoopWorker worker = this.workers.loop(Workers.loopSettings(), new LoopTask() {

			@Override
			public void onStart() {
				events.add("set up");
			}

			@Override
			public RoundResult runRound(StopToken stopToken) {
				events.add("round as " + MDC.get(Worker.LOG_WORKER));
				return (events.size() < 4) ? RoundResult.MORE_WORK : RoundResult.IDLE;
			}

			@Override
			public void onStop() {
				events.add("torn down");
			}

		});
		worker.start();
		await().until(() -> worker.snapshot().rounds() == 3);

		worker.stop();

		assertThat(events).containsExactly("set up", "round as test-loop", "round as test-loop", "round as test-loop",
				"torn down");
		assertThat(worker.state()).isEqualTo(WorkerState.STOPPED);
	}

	@Test
	void failureOutsideARoundMarksTheWorkerFailedAndStillTearsTheTaskDown(CapturedOutput output) {
		AtomicInteger tornDown = new AtomicInteger();
		WorkerObserver broken = new WorkerObserver() {

			@Override
			public void roundEnded(Worker worker, Duration duration, @Nullable Throwable failure) {
				throw new IllegalStateException("observer bug");
			}

		};
		LoopWorker worker = this.workers.observer(broken).loop(Workers.loopSettings(), new LoopTask() {

			@Override
			public RoundResult runRound(StopToken stopToken) {
				return RoundResult.IDLE;
			}

			@Override
			public void onStop() {
				tornDown.incrementAndGet();
			}

		});

		worker.start();

		await().until(() -> worker.state() == WorkerState.FAILED);
		assertThat(worker.isRunning()).isFalse();
		assertThat(tornDown).hasValue(1);
		assertThat(worker.snapshot().nextRun()).isNull();
		assertThat(output).contains("Worker 'test-loop' failed unexpectedly in its runtime; marking it FAILED",
				"java.lang.IllegalStateException: observer bug");
	}

	@Test
	void setUpThatFailsIsNeverTornDown() {
		AtomicInteger tornDown = new AtomicInteger();
		LoopWorker worker = this.workers
			.loop(Workers.loopSettings().toBuilder().onError(ErrorPolicy.STOP_WORKER).build(), new LoopTask() {

				@Override
				public void onStart() {
					throw new IllegalStateException("not ready");
				}

				@Override
				public RoundResult runRound(StopToken stopToken) {
					return RoundResult.IDLE;
				}

				@Override
				public void onStop() {
					tornDown.incrementAndGet();
				}

			});

		worker.start();

		await().until(() -> worker.state() == WorkerState.FAILED);
		assertThat(worker.snapshot().rounds()).isZero();
		assertThat(worker.snapshot().failures()).isEqualTo(1);
		assertThat(tornDown).hasValue(0);
	}

	@Test
	void runAfterAFailedOneStartsAfreshAndEndsStoppedWhenStopped() {
		AtomicInteger rounds = new AtomicInteger();
		LoopWorker worker = this.workers
			.loop(Workers.loopSettings().toBuilder().onError(ErrorPolicy.STOP_WORKER).build(), (stop) -> {
				if (rounds.incrementAndGet() == 1) {
					throw new IllegalStateException("first run fails");
				}
				return RoundResult.IDLE;
			});
		worker.start();
		await().until(() -> worker.state() == WorkerState.FAILED);

		// FAILED comes just before the first run's thread ends: start once it has.
		await().ignoreException(IllegalStateException.class).until(() -> {
			worker.start();
			return true;
		});
		await().until(() -> rounds.get() == 2);
		worker.stop();

		assertThat(worker.state()).isEqualTo(WorkerState.STOPPED);
		assertThat(worker.snapshot().consecutiveFailures()).isZero();
	}

}
