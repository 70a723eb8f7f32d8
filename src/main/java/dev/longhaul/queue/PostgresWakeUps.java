package dev.longhaul.queue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

import dev.longhaul.config.LifecyclePhases;
import dev.longhaul.worker.Backoff;

/**
 * Cross-instance wake-up on PostgreSQL: one dedicated connection {@code LISTEN}s on the
 * {@value #CHANNEL} channel, which every enqueue notifies with its queue's name, and
 * wakes this instance's idle workers of that queue, so a job enqueued through one
 * instance starts on an idle other one within milliseconds. If the connection drops, it
 * reconnects with backoff and wakes every queue once, in case a notification was missed
 * meanwhile. Polling stays the fallback (and the only mechanism on H2).
 * <p>
 * Its loop never dies: any failure, an {@code Error} too, ends the connection, not the
 * loop, which logs it (a lost connection as one line, anything else with its stack trace
 * once in a row) and reconnects with backoff. Only {@link #stop()} ends it, and
 * {@link #isRunning()} is whether its thread runs.
 */
public final class PostgresWakeUps implements SmartLifecycle {

	/** The notification channel. */
	public static final String CHANNEL = "longhaul_jobs";

	/**
	 * The {@code application_name} of the listening connection while it listens, so that
	 * {@code pg_stat_activity} tells it apart from the pool's other connections (its
	 * {@code query} column shows the last probe, not the {@code LISTEN}).
	 */
	public static final String APPLICATION_NAME = "longhaul-wake-ups";

	private static final Logger logger = LoggerFactory.getLogger(PostgresWakeUps.class);

	private static final Backoff RECONNECT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 2.0, 0.2);

	private static final int POLL_MILLIS = 500;

	private static final Duration PROBE_INTERVAL = Duration.ofSeconds(30);

	private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

	private final DataSource dataSource;

	private final JobSignals signals;

	private final Backoff reconnect;

	/** Between {@link #start()} and {@link #stop()}. */
	private volatile boolean running;

	private volatile boolean listening;

	private volatile long reconnects;

	private volatile @Nullable Thread thread;

	private volatile CountDownLatch stopped = new CountDownLatch(1);

	private final boolean enabled;

	/**
	 * Creates the listener.
	 * @param dataSource where its dedicated connection comes from (it holds one
	 * connection of the pool)
	 * @param signals the signals to raise
	 * @param enabled whether the database is PostgreSQL
	 */
	public PostgresWakeUps(DataSource dataSource, JobSignals signals, boolean enabled) {
		this(dataSource, signals, enabled, RECONNECT);
	}

	PostgresWakeUps(DataSource dataSource, JobSignals signals, boolean enabled, Backoff reconnect) {
		this.dataSource = dataSource;
		this.signals = signals;
		this.enabled = enabled;
		this.reconnect = reconnect;
	}

	@Override
	public boolean isAutoStartup() {
		return this.enabled;
	}

	@Override
	public void start() {
		if (!this.enabled) {
			return;
		}
		this.stopped = new CountDownLatch(1);
		this.running = true;
		Thread thread = new Thread(this::run, "pg-listen");
		thread.setDaemon(true);
		this.thread = thread;
		thread.start();
	}

	@Override
	public void stop() {
		this.running = false;
		this.stopped.countDown();
		Thread thread = this.thread;
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join(Duration.ofSeconds(2).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Whether the listener runs: started, not stopped, and its thread alive.
	 * @return {@code true} while it listens or reconnects
	 */
	@Override
	public boolean isRunning() {
		Thread thread = this.thread;
		return this.running && thread != null && thread.isAlive();
	}

	/**
	 * {@link LifecyclePhases#POSTGRES_WAKE_UPS}: starts before the workers, stops after
	 * them.
	 */
	@Override
	public int getPhase() {
		return LifecyclePhases.POSTGRES_WAKE_UPS;
	}

	/**
	 * Whether the dedicated connection is listening now.
	 * @return {@code true} while connected
	 */
	public boolean isListening() {
		return this.listening;
	}

	/**
	 * How many times the connection was re-established after a failure.
	 * @return the count
	 */
	public long reconnects() {
		return this.reconnects;
	}

	private void run() {
		try {
			listen();
		}
		catch (Throwable ex) {
			// Only a failure while handling a failure (such as out of memory) gets here.
			logger.error("The listener for new jobs ended unexpectedly; jobs start when their workers poll", ex);
		}
		finally {
			this.listening = false;
		}
	}

	private void listen() {
		int failures = 0;
		@Nullable String lastFailure = null;
		while (this.running) {
			try (Connection connection = this.dataSource.getConnection()) {
				connection.setAutoCommit(true);
				try (Statement statement = connection.createStatement()) {
					statement.execute("SET application_name = '" + APPLICATION_NAME + "'");
					statement.execute("LISTEN " + CHANNEL);
				}
				PGConnection postgres = connection.unwrap(PGConnection.class);
				this.listening = true;
				if (failures > 0) {
					this.reconnects++;
					logger.info("Listening for new jobs again after {} failed attempt(s)", failures);
					this.signals.signalAll();
				}
				failures = 0;
				lastFailure = null;
				long probed = System.nanoTime();
				try {
					while (this.running) {
						PGNotification[] notifications = postgres.getNotifications(POLL_MILLIS);
						if (notifications != null) {
							for (PGNotification notification : notifications) {
								this.signals.signal(notification.getParameter());
							}
						}
						if (System.nanoTime() - probed > PROBE_INTERVAL.toNanos()) {
							// A half-open connection (a dropped NAT entry) never fails a
							// poll: ask the server.
							probe(connection);
							probed = System.nanoTime();
						}
					}
				}
				finally {
					unlisten(connection);
				}
			}
			catch (Exception | Error ex) {
				this.listening = false;
				if (!this.running) {
					return;
				}
				failures++;
				Duration delay = this.reconnect.delay(failures);
				lastFailure = logFailure(ex, failures, delay, lastFailure);
				if (!pause(delay)) {
					return;
				}
			}
		}
		this.listening = false;
	}

	/**
	 * Logs a failure: a lost connection as one line; anything else, such as a bug or an
	 * {@code Error}, with its stack trace the first time in a row, then as one line.
	 * @return the failure's signature, to compare the next one with
	 */
	private static @Nullable String logFailure(Throwable failure, int attempt, Duration delay,
			@Nullable String previous) {
		if (failure instanceof SQLException) {
			logger.warn("Lost the connection that listens for new jobs (attempt {}): {}; reconnecting in {} ms",
					attempt, failure.getMessage(), delay.toMillis());
			return null;
		}
		String signature = failure.toString();
		if (signature.equals(previous)) {
			logger.warn("The listener for new jobs failed again (attempt {}, same error): {}; reconnecting in {} ms",
					attempt, signature, delay.toMillis());
		}
		else {
			logger.warn("The listener for new jobs failed (attempt {}); reconnecting in {} ms", attempt,
					delay.toMillis(), failure);
		}
		return signature;
	}

	private static void probe(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.setQueryTimeout((int) PROBE_TIMEOUT.toSeconds());
			statement.execute("SELECT 1");
		}
	}

	/** The connection goes back to the pool: it must not keep listening there. */
	private static void unlisten(Connection connection) {
		try (Statement statement = connection.createStatement()) {
			statement.execute("UNLISTEN *");
			statement.execute("RESET application_name");
		}
		catch (SQLException ex) {
			// a broken connection is evicted by the pool anyway
		}
	}

	private boolean pause(Duration delay) {
		try {
			return !this.stopped.await(delay.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
