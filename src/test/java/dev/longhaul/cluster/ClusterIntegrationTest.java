package dev.longhaul.cluster;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

import dev.longhaul.LonghaulApplication;
import dev.longhaul.email.EmailRequest;
import dev.longhaul.email.EmailStatus;
import dev.longhaul.email.Outbox;
import dev.longhaul.queue.JobEngine;
import dev.longhaul.queue.PostgresWakeUps;
import dev.longhaul.support.TestClients;
import dev.longhaul.support.TestDatabases;
import dev.longhaul.worker.LoopWorker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances on one PostgreSQL database: an email enqueued through instance A is sent
 * by idle instance B at once (not after B's 60s poll interval), also after B's listening
 * connection was killed; both show in /api/cluster, one of them runs the lease-recovery
 * singleton, and an instance that stops leaves the cluster at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterIntegrationTest {

	private static final Duration POLL_INTERVAL = Duration.ofSeconds(60);

	private final String database = TestDatabases.newPostgresDatabase();

	private ConfigurableApplicationContext a;

	private ConfigurableApplicationContext b;

	@BeforeAll
	void startInstances() {
		this.a = start("--longhaul.workers.email-sender.enabled=false");
		this.b = start("--longhaul.workers.email-sender.idle-delay=" + POLL_INTERVAL.toSeconds() + "s");
	}

	@AfterAll
	void stopInstances() {
		if (this.a != null) {
			this.a.close();
		}
		if (this.b != null) {
			this.b.close();
		}
	}

	@Test
	void emailEnqueuedOnOneInstanceStartsOnAnIdleOtherWellBeforeItsPollInterval() {
		Duration took = enqueueOnAAndAwaitSentByB();

		System.out.printf("cross-instance enqueue-to-sent: %d ms (poll interval %d s)%n", took.toMillis(),
				POLL_INTERVAL.toSeconds());
		assertThat(took).isLessThan(POLL_INTERVAL.dividedBy(10));
	}

	@Test
	void wakeUpsResumeAfterTheListeningConnectionIsKilled() {
		PostgresWakeUps wakeUps = this.b.getBean(PostgresWakeUps.class);
		await().until(wakeUps::isListening);
		long reconnects = wakeUps.reconnects();
		JdbcClient admin = this.a.getBean(JdbcClient.class);

		int killed = admin
			.sql("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() "
					+ "AND application_name = '" + PostgresWakeUps.APPLICATION_NAME + "'")
			.query(Integer.class)
			.single();

		assertThat(killed).isEqualTo(2);
		await().atMost(Duration.ofSeconds(20)).until(() -> wakeUps.reconnects() > reconnects && wakeUps.isListening());
		assertThat(enqueueOnAAndAwaitSentByB()).isLessThan(POLL_INTERVAL.dividedBy(10));
	}

	@Test
	void clusterListsBothInstancesAndOneRunsEachSingleton() {
		await().untilAsserted(() -> {
			EntityExchangeResult<String> cluster = TestClients.as(port(this.a), "admin")
				.get()
				.uri("/api/cluster")
				.exchange()
				.returnResult(String.class);
			assertThat(cluster.getStatus().value()).isEqualTo(200);
			assertThat(cluster.getResponseBody()).contains(instanceId(this.a), instanceId(this.b), "\"self\":true",
					"\"self\":false");
			assertThat(cluster.getResponseBody().split("\"lease-recovery\"", -1)).hasSize(2);
		});
	}

	@Test
	void instanceThatStopsLeavesTheClusterAndReleasesItsSingletonsAtOnce() {
		ConfigurableApplicationContext c = start("--longhaul.workers.email-sender.enabled=false");
		String id = instanceId(c);
		ClusterMembership membership = this.a.getBean(ClusterMembership.class);
		assertThat(membership.members()).extracting(ClusterMembership.Member::id).contains(id);
		SingletonLeases leases = c.getBean(SingletonLeases.class);
		this.a.getBean(JdbcClient.class).sql("DELETE FROM singleton_leases WHERE name = 'test-singleton'").update();
		assertThat(leases.tryAcquire("test-singleton")).isTrue();

		c.close();

		assertThat(membership.members()).extracting(ClusterMembership.Member::id).doesNotContain(id);
		assertThat(this.a.getBean(SingletonLeases.class).tryAcquire("test-singleton")).isTrue();
	}

	private Duration enqueueOnAAndAwaitSentByB() {
		LoopWorker sender = this.b.getBean(JobEngine.class).worker(Outbox.QUEUE).orElseThrow();
		await().until(() -> sender.snapshot().rounds() > 0 && !sender.snapshot().roundInProgress()
				&& sender.snapshot().nextRun() != null);
		Outbox outbox = this.a.getBean(Outbox.class);
		long start = System.nanoTime();
		long id = outbox
			.enqueue(new EmailRequest(List.of("ada@example.com"), null, null, null, "wake", "up", null), null)
			.job()
			.id();
		await().atMost(POLL_INTERVAL.dividedBy(2))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> outbox.find(id).orElseThrow().status() == EmailStatus.SENT);
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private ConfigurableApplicationContext start(String... extra) {
		String[] common = { "--server.port=0", "--spring.datasource.url=" + this.database,
				"--spring.datasource.username=" + TestDatabases.user(),
				"--spring.datasource.password=" + TestDatabases.password(), "--spring.jmx.enabled=false" };
		String[] args = new String[common.length + extra.length];
		System.arraycopy(common, 0, args, 0, common.length);
		System.arraycopy(extra, 0, args, common.length, extra.length);
		return new SpringApplicationBuilder(LonghaulApplication.class).run(args);
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static String instanceId(ConfigurableApplicationContext context) {
		return context.getBean(dev.longhaul.config.InstanceId.class).value();
	}

}
