package dev.longhaul.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.longhaul.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WaiterTest {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final ReentrantLock lock = new ReentrantLock();

	private final Waiter waiter = new Waiter(this.lock, this.lock.newCondition(), this.clock);

	private final CompletableFuture<Void> due = new CompletableFuture<>();

	private volatile boolean done;

	@AfterEach
	void endWait() {
		this.done = true;
		this.waiter.trigger();
	}

	@Test
	void roundWhoseTimeHasComeIsDueAtOnce() throws Exception {
		this.waiter.scheduleAt(this.clock.instant().minusSeconds(1), false);

		assertThat(this.waiter.awaitDue()).isTrue();
	}

	@Test
	void signalEndsAWakeableWait() {
		this.waiter.scheduleAt(this.clock.instant().plus(Duration.ofHours(1)), true);
		waitInBackground();

		this.waiter.signalWork();

		await().until(this.due::isDone);
	}

	@Test
	void signalDoesNotEndAWaitThatIsNotWakeableButATriggerDoes() {
		this.waiter.scheduleAt(this.clock.instant().plus(Duration.ofHours(1)), false);
		waitInBackground();

		this.waiter.signalWork();

		await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !this.due.isDone());
		this.waiter.trigger();
		await().until(this.due::isDone);
	}

	@Test
	void signalDuringARoundEndsTheNextWait() throws Exception {
		this.waiter.roundStarting(this.clock.instant());
		this.waiter.signalWork();

		this.waiter.scheduleAt(this.clock.instant().plus(Duration.ofHours(1)), true);

		assertThat(this.waiter.awaitDue()).isTrue();
	}

	@Test
	void signalBeforeARoundIsSpentOnThatRound() {
		this.waiter.signalWork();
		this.waiter.roundStarting(this.clock.instant());
		this.waiter.scheduleAt(this.clock.instant().plus(Duration.ofHours(1)), true);
		waitInBackground();

		await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !this.due.isDone());
	}

	@Test
	void triggerIsSpentOnOneRound() throws Exception {
		this.waiter.scheduleAt(this.clock.instant().plus(Duration.ofHours(1)), false);
		this.waiter.trigger();

		assertThat(this.waiter.awaitDue()).isTrue();
		waitInBackground();
		await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !this.due.isDone());
	}

	@Test
	void roundStartingReportsTheTimeItWasDue() {
		Instant at = this.clock.instant().plus(Duration.ofMinutes(5));
		assertThat(this.waiter.roundStarting(this.clock.instant())).as("nothing scheduled yet")
			.isEqualTo(this.clock.instant());

		this.waiter.scheduleAt(at, false);

		assertThat(this.waiter.nextRun()).isEqualTo(at);
		assertThat(this.waiter.roundStarting(this.clock.instant().plus(Duration.ofMinutes(6)))).isEqualTo(at);
		this.waiter.clear();
		assertThat(this.waiter.nextRun()).isNull();
	}

	/** Waits as the worker's thread does, looping until the round is due. */
	private void waitInBackground() {
		Thread thread = new Thread(() -> {
			try {
				while (!this.waiter.awaitDue()) {
					if (this.done) {
						return;
					}
				}
				this.due.complete(null);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "test-waiter");
		thread.setDaemon(true);
		thread.start();
	}

}
