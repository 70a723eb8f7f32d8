package dev.longhaul.config;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code db} health indicator, part of readiness: whether the database answers, known
 * within {@code timeout} whatever the database does. A probe (a connection from the pool,
 * validated) runs on its own thread; a probe that does not answer in time makes the
 * health {@code DOWN} (readiness 503) at once, and later health calls wait on that same
 * probe rather than queue new ones behind it. Boot's own indicator asks the pool
 * directly, which waits for the pool's connection timeout (30 s) while the database is
 * unreachable.
 * <p>
 * Thread-safe.
 */
final class DatabaseHealthIndicator implements HealthIndicator, DisposableBean {

	private final DataSource dataSource;

	private final Duration timeout;

	private final ExecutorService prober = Executors.newSingleThreadExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "db-health");
		thread.setDaemon(true);
		return thread;
	});

	private @Nullable CompletableFuture<String> probe;

	DatabaseHealthIndicator(DataSource dataSource, Duration timeout) {
		this.dataSource = dataSource;
		this.timeout = timeout;
	}

	@Override
	public Health health() {
		CompletableFuture<String> probe = probe();
		try {
			return Health.up()
				.withDetail("database", probe.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS))
				.build();
		}
		catch (TimeoutException ex) {
			return Health.down()
				.withDetail("error", "The database did not answer within " + this.timeout.toMillis() + " ms")
				.build();
		}
		catch (ExecutionException ex) {
			return Health.down(ex.getCause()).build();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Health.unknown().build();
		}
	}

	private synchronized CompletableFuture<String> probe() {
		if (this.probe == null || this.probe.isDone()) {
			this.probe = CompletableFuture.supplyAsync(this::validate, this.prober);
		}
		return this.probe;
	}

	private String validate() {
		try (Connection connection = this.dataSource.getConnection()) {
			int seconds = (int) Math.max(1, this.timeout.toSeconds());
			if (!connection.isValid(seconds)) {
				throw new IllegalStateException("The database connection is not valid");
			}
			return connection.getMetaData().getDatabaseProductName();
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	@Override
	public void destroy() {
		this.prober.shutdownNow();
	}

}
