package dev.longhaul.worker;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A worker's stop request ({@link StopRequest}): what a round's {@link StopToken} sees,
 * and a request waking every wait on the worker's condition.
 */
class StopRequestTest {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final StopRequest stopRequest = new StopRequest(this.lock, this.changed);

	@AfterEach
	void endWaits() {
		this.stopRequest.request();
	}

	@Test
	void requestEndsARoundsWaitForTheStopAtOnce() {
		CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> awaitStop(Duration.ofHours(1)));
		await().until(this::someoneWaits);

		this.stopRequest.request();

		await().untilAsserted(() -> assertThat(waited).isCompletedWithValue(true));
	}

	@Test
	void waitForTheStopEndsWithFalseWhenNoneIsRequested() throws Exception {
		assertThat(this.stopRequest.awaitStop(Duration.ofMillis(20))).isFalse();
		assertThat(this.stopRequest.isStopRequested()).isFalse();
	}

	@Test
	void requestIsSeenAtOnceUntilClearedForTheNextRun() throws Exception {
		this.stopRequest.request();

		assertThat(this.stopRequest.isStopRequested()).isTrue();
		assertThat(this.stopRequest.awaitStop(Duration.ofHours(1))).isTrue();
		assertThatThrownBy(this.stopRequest::throwIfStopRequested).isInstanceOf(WorkerStoppingException.class);

		this.stopRequest.clear();

		assertThat(this.stopRequest.isStopRequested()).isFalse();
		this.stopRequest.throwIfStopRequested();
	}

	@Test
	void requestWakesTheWorkersOtherWaitsOnItsCondition() {
		CompletableFuture<Void> waited = CompletableFuture.runAsync(() -> {
			this.lock.lock();
			try {
				while (!this.stopRequest.isStopRequested()) {
					this.changed.awaitUninterruptibly();
				}
			}
			finally {
				this.lock.unlock();
			}
		});
		await().until(this::someoneWaits);

		this.stopRequest.request();

		await().until(waited::isDone);
	}

	private boolean someoneWaits() {
		this.lock.lock();
		try {
			return this.lock.hasWaiters(this.changed);
		}
		finally {
			this.lock.unlock();
		}
	}

	private boolean awaitStop(Duration timeout) {
		try {
			return this.stopRequest.awaitStop(timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
