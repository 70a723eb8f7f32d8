package dev.longhaul.worker;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class StopWatchdogTest {

	private final CompletableFuture<Void> terminated = new CompletableFuture<>();

	private final CountDownLatch release = new CountDownLatch(1);

	private final AtomicBoolean sawInterrupt = new AtomicBoolean();

	private final AtomicBoolean ignoreInterrupts = new AtomicBoolean();

	private final Thread round = new Thread(this::runRound, "test-round");

	@AfterEach
	void endRound() {
		this.ignoreInterrupts.set(false);
		this.release.countDown();
	}

	@Test
	void stopWhenTheRoundEndsInTimeCompletesWithoutInterrupting() {
		StopWatchdog watchdog = start(Duration.ofMinutes(1), Duration.ofMinutes(1));
		assertThat(watchdog.stopped()).isNotDone();
		assertThat(watchdog.took()).isNull();

		this.release.countDown();

		await().until(watchdog.stopped()::isDone);
		assertThat(watchdog.interrupted()).isFalse();
		assertThat(this.sawInterrupt).isFalse();
		assertThat(watchdog.took()).isNotNull();
	}

	@Test
	void roundThatOutlivesTheTimeoutIsInterruptedAndTheStopCompletesWhenItEnds() {
		StopWatchdog watchdog = start(Duration.ofMillis(20), Duration.ofMinutes(1));

		await().until(watchdog.stopped()::isDone);
		assertThat(watchdog.interrupted()).isTrue();
		assertThat(this.sawInterrupt).isTrue();
		assertThat(this.terminated).isDone();
	}

	@Test
	void stopCompletesAfterTheGraceWhenTheRoundIgnoresTheInterrupt() {
		this.ignoreInterrupts.set(true);
		StopWatchdog watchdog = start(Duration.ofMillis(20), Duration.ofMillis(20));

		await().until(watchdog.stopped()::isDone);
		assertThat(watchdog.interrupted()).isTrue();
		assertThat(this.terminated).as("the round still runs").isNotDone();
	}

	private StopWatchdog start(Duration timeout, Duration grace) {
		this.round.setDaemon(true);
		this.round.start();
		StopWatchdog watchdog = new StopWatchdog("test", this.round, this.terminated, timeout, grace);
		watchdog.start();
		return watchdog;
	}

	private void runRound() {
		while (true) {
			try {
				this.release.await();
				break;
			}
			catch (InterruptedException ex) {
				this.sawInterrupt.set(true);
				if (!this.ignoreInterrupts.get()) {
					break;
				}
			}
		}
		this.terminated.complete(null);
	}

}
