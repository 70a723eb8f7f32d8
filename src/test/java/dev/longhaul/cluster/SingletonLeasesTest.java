package dev.longhaul.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.longhaul.config.InstanceId;
import dev.longhaul.support.MutableClock;
import dev.longhaul.support.TestDatabases;
import dev.longhaul.worker.Schedule;
import dev.longhaul.worker.TimerWorker;
import dev.longhaul.worker.WorkerFactory;
import dev.longhaul.worker.WorkerObserver;
import dev.longhaul.worker.WorkerSettings;
import dev.longhaul.worker.WorkersProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Singleton leases on PostgreSQL: one holder at a time, takeover after expiry or release,
 * and timer workers guarded by them never tick at the same time on two instances.
 */
class SingletonLeasesTest {

	private final HikariDataSource dataSource = TestDatabases.postgres();

	private final JdbcClient jdbc = JdbcClient.create(this.dataSource);

	@AfterEach
	void close() {
		this.dataSource.close();
	}

	private SingletonLeases leases(String instance, Clock clock) {
		return new SingletonLeases(this.jdbc, clock, new InstanceId(instance), Duration.ofSeconds(30));
	}

	@Test
	void oneHolderAtATimeAndTakeoverOnlyAfterExpiryOrRelease() {
		MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		SingletonLeases a = leases("a", clock);
		SingletonLeases b = leases("b", clock);

		assertThat(a.tryAcquire("housekeeping")).isTrue();
		assertThat(b.tryAcquire("housekeeping")).isFalse();
		assertThat(a.tryAcquire("housekeeping")).isTrue();

		clock.advance(Duration.ofSeconds(25));
		a.renewAll();
		clock.advance(Duration.ofSeconds(25));
		assertThat(b.tryAcquire("housekeeping")).as("renewed by a's heartbeat").isFalse();

		clock.advance(Duration.ofSeconds(31));
		assertThat(b.tryAcquire("housekeeping")).as("a stopped renewing").isTrue();
		assertThat(a.tryAcquire("housekeeping")).isFalse();

		b.releaseAll();
		assertThat(a.tryAcquire("housekeeping")).as("released").isTrue();
	}

	@Test
	void guardedTimerWorkersOnTwoInstancesNeverTickAtTheSameTimeAcrossATakeover() {
		List<long[]> ticks = new CopyOnWriteArrayList<>();
		TimerWorker a = guardedWorker("a", ticks);
		TimerWorker b = guardedWorker("b", ticks);
		a.start();
		b.start();
		await().until(() -> ticks.size() >= 20);

		String first = holder();
		TimerWorker holder = first.equals("a") ? a : b;
		SingletonLeases holderLeases = leases(first, Clock.systemUTC());
		holder.stop();
		holderLeases.releaseAll();
		int before = ticks.size();
		await().until(() -> ticks.size() >= before + 20);
		a.stop();
		b.stop();

		assertThat(ticks.stream().map((tick) -> tick[0]).distinct()).hasSize(2);
		for (int i = 1; i < ticks.size(); i++) {
			assertThat(ticks.get(i)[1]).as("tick %d starts after tick %d ended", i, i - 1)
				.isGreaterThanOrEqualTo(ticks.get(i - 1)[2]);
		}
	}

	private TimerWorker guardedWorker(String instance, List<long[]> ticks) {
		SingletonLeases leases = leases(instance, Clock.systemUTC());
		WorkerFactory factory = new WorkerFactory(new WorkersProperties(java.util.Map.of()), Clock.systemUTC(),
				WorkerObserver.NONE, (reason) -> {
				});
		return factory.timer("housekeeping", WorkerSettings.timer(Schedule.fixedRate(Duration.ofMillis(5))),
				leases.guard("housekeeping", (stop) -> {
					long start = System.nanoTime();
					this.jdbc.sql("SELECT 1").query(Integer.class).single();
					ticks.add(new long[] { instance.charAt(0), start, System.nanoTime() });
				}));
	}

	private String holder() {
		return this.jdbc.sql("SELECT owner FROM singleton_leases WHERE name = 'housekeeping'")
			.query(String.class)
			.single();
	}

}
