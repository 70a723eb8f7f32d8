package dev.longhaul.queue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import dev.longhaul.support.TestDatabases;
import dev.longhaul.worker.Backoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The listener of cross-instance wake-ups never dies: a failure of any kind, an
 * {@code Error} too, ends its connection, not its loop, which reconnects; and
 * {@code isRunning()} says whether its thread runs.
 */
class PostgresWakeUpsTest {

	private static final Backoff QUICK = new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0, 0.0);

	private final HikariDataSource database = TestDatabases.postgres();

	private final JobSignals signals = new JobSignals();

	private PostgresWakeUps wakeUps;

	@AfterEach
	void stopAndClose() {
		if (this.wakeUps != null) {
			this.wakeUps.stop();
		}
		this.database.close();
	}

	@Test
	void errorsFromTheConnectionSourceAreRetriedUntilItListens() {
		FailingDataSource source = new FailingDataSource(this.database, new AssertionError("injected error"),
				new IllegalStateException("injected exception"));
		this.wakeUps = new PostgresWakeUps(source, this.signals, true, QUICK);

		this.wakeUps.start();

		await().until(this.wakeUps::isListening);
		assertThat(source.calls()).isEqualTo(3);
		assertThat(this.wakeUps.reconnects()).isEqualTo(1);
		assertThat(this.wakeUps.isRunning()).isTrue();
	}

	@Test
	void anErrorWhileWakingAQueueEndsTheConnectionNotTheListener() {
		AtomicBoolean failed = new AtomicBoolean();
		this.signals.onWork("broken", () -> {
			if (failed.compareAndSet(false, true)) {
				throw new AssertionError("injected error");
			}
		});
		AtomicInteger emailWakes = new AtomicInteger();
		this.signals.onWork("email", emailWakes::incrementAndGet);
		this.wakeUps = new PostgresWakeUps(this.database, this.signals, true, QUICK);
		this.wakeUps.start();
		await().until(this.wakeUps::isListening);

		notify("broken");

		await().until(() -> this.wakeUps.reconnects() == 1 && this.wakeUps.isListening());
		// back from a failure, it wakes every queue once in case it missed a notification
		await().until(() -> emailWakes.get() == 1);
		notify("email");
		await().until(() -> emailWakes.get() == 2);
		assertThat(this.wakeUps.isRunning()).isTrue();
	}

	@Test
	void isRunningWhileItRetriesAfterErrorsAndNotOnceStopped() {
		FailingDataSource source = new FailingDataSource(this.database);
		source.failAlways(new AssertionError("injected error"));
		this.wakeUps = new PostgresWakeUps(source, this.signals, true, QUICK);
		assertThat(this.wakeUps.isRunning()).isFalse();

		this.wakeUps.start();

		await().until(() -> source.calls() >= 3);
		assertThat(this.wakeUps.isRunning()).isTrue();
		assertThat(this.wakeUps.isListening()).isFalse();
		Thread listener = source.caller();
		assertThat(listener.isAlive()).isTrue();

		this.wakeUps.stop();

		assertThat(this.wakeUps.isRunning()).isFalse();
		await().until(() -> !listener.isAlive());
	}

	@Test
	void onH2ItNeverStarts() {
		FailingDataSource source = new FailingDataSource(this.database);
		this.wakeUps = new PostgresWakeUps(source, this.signals, false, QUICK);

		this.wakeUps.start();

		assertThat(this.wakeUps.isAutoStartup()).isFalse();
		assertThat(this.wakeUps.isRunning()).isFalse();
		assertThat(source.calls()).isZero();
	}

	private void notify(String queue) {
		JdbcClient.create(this.database)
			.sql("SELECT pg_notify(?, ?)")
			.param(PostgresWakeUps.CHANNEL)
			.param(queue)
			.query((rs) -> {
			});
	}

	/**
	 * Throws the given failures, one per call, before handing out connections; or always
	 * the same failure.
	 */
	private static final class FailingDataSource extends DelegatingDataSource {

		private final Deque<Throwable> failures = new ArrayDeque<>();

		private volatile Throwable always;

		private final AtomicInteger calls = new AtomicInteger();

		private volatile Thread caller;

		FailingDataSource(DataSource target, Throwable... failures) {
			super(target);
			for (Throwable failure : failures) {
				this.failures.add(failure);
			}
		}

		void failAlways(Throwable failure) {
			this.always = failure;
		}

		int calls() {
			return this.calls.get();
		}

		Thread caller() {
			return this.caller;
		}

		@Override
		public Connection getConnection() throws SQLException {
			this.calls.incrementAndGet();
			this.caller = Thread.currentThread();
			Throwable failure = (this.always != null) ? this.always : this.failures.poll();
			if (failure instanceof Error error) {
				throw error;
			}
			if (failure instanceof RuntimeException exception) {
				throw exception;
			}
			return super.getConnection();
		}

	}

}
