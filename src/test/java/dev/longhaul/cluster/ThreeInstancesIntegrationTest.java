package dev.longhaul.cluster;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.longhaul.LonghaulApplication;
import dev.longhaul.email.EmailRequest;
import dev.longhaul.email.Outbox;
import dev.longhaul.queue.JobClient;
import dev.longhaul.queue.NewJob;
import dev.longhaul.queue.QueueProperties;
import dev.longhaul.queue.TestJobEngine;
import dev.longhaul.support.JavaProcess;
import dev.longhaul.support.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three instances share one PostgreSQL database and split the work: every job runs
 * exactly once when nothing crashes, and when one instance is killed with SIGKILL
 * mid-drain every job still completes once the others see its heartbeat stop (well before
 * its jobs' leases would run out), the duplicates being at most what that instance held.
 */
class ThreeInstancesIntegrationTest {

	private static final int JOBS = 10_000;

	private static final int EMAILS = 2_000;

	@Test
	void threeInstancesRunEveryJobAndSendEveryEmailExactlyOnce() {
		String url = TestDatabases.newPostgresDatabase();
		GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
		smtp.start();
		List<ConfigurableApplicationContext> instances = new ArrayList<>();
		try {
			migrate(url);
			for (int i = 0; i < 3; i++) {
				instances.add(new SpringApplicationBuilder(LonghaulApplication.class, NoopWorkerApplication.class).run(
						"--server.port=0", "--spring.datasource.url=" + url,
						"--spring.datasource.username=" + TestDatabases.user(),
						"--spring.datasource.password=" + TestDatabases.password(), "--spring.jmx.enabled=false",
						"--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtp.getSmtp().getPort()));
			}
			JobClient jobs = instances.get(0).getBean(JobClient.class);
			Outbox outbox = instances.get(1).getBean(Outbox.class);
			enqueueNoops(jobs);
			List<EmailRequest> emails = new ArrayList<>();
			for (int i = 0; i < EMAILS; i++) {
				emails.add(new EmailRequest(List.of("user" + i + "@example.com"), null, null, null, "No. " + i, "x",
						null));
			}
			for (int i = 0; i < EMAILS; i += 1000) {
				outbox.enqueueAll(emails.subList(i, i + 1000));
			}
			JdbcClient jdbc = instances.get(2).getBean(JdbcClient.class);

			await().atMost(Duration.ofMinutes(3))
				.until(() -> succeeded(jdbc, NoopWorkerApplication.QUEUE) == JOBS
						&& succeeded(jdbc, Outbox.QUEUE) == EMAILS);

			assertThat(count(jdbc, "SELECT COUNT(*) FROM noop_effects")).isEqualTo(JOBS);
			assertThat(count(jdbc, "SELECT COUNT(DISTINCT job_id) FROM noop_effects")).isEqualTo(JOBS);
			assertThat(count(jdbc, "SELECT COUNT(DISTINCT instance) FROM noop_effects")).as("work was split")
				.isGreaterThan(1);
			assertThat(smtp.getReceivedMessages()).hasSize(EMAILS);
			assertThat(
					Arrays.stream(smtp.getReceivedMessages()).map(ThreeInstancesIntegrationTest::messageId).distinct())
				.hasSize(EMAILS);
		}
		finally {
			instances.forEach(ConfigurableApplicationContext::close);
			smtp.stop();
		}
	}

	@Test
	void killedInstancesJobsAreRecoveredAndDuplicatesAreAtMostItsInFlightBatch(@TempDir Path dir) throws Exception {
		String url = TestDatabases.newPostgresDatabase();
		migrate(url);
		List<JavaProcess> processes = new ArrayList<>();
		try (HikariDataSource dataSource = pool(url)) {
			JdbcClient jdbc = JdbcClient.create(dataSource);
			for (int i = 0; i < 3; i++) {
				processes.add(JavaProcess.start(dir,
						List.of("-cp", JavaProcess.testClassPath(), "-Xmx256m", NoopWorkerApplication.class.getName(),
								"--server.port=0", "--spring.datasource.url=" + url,
								"--spring.datasource.username=" + TestDatabases.user(),
								"--spring.datasource.password=" + TestDatabases.password(),
								"--longhaul.cluster.heartbeat-interval=1s", "--longhaul.cluster.instance-timeout=3s",
								"--longhaul.cluster.singleton-lease=3s", "--longhaul.workers.lease-recovery.period=1s",
								"--longhaul.workers.email-sender.enabled=false")));
			}
			for (JavaProcess process : processes) {
				await().atMost(Duration.ofMinutes(2)).until(() -> started(process) || !process.process().isAlive());
				assertThat(process.process().isAlive()).as(process.output()).isTrue();
			}
			String victim = instanceOf(processes.get(0));
			JobClient jobs = new TestJobEngine(dataSource, Clock.systemUTC(), "test", QueueProperties.defaults())
				.client();
			enqueueNoops(jobs);
			// Kill while the victim holds jobs it has run (an effect row) but not yet
			// acknowledged, so they run again elsewhere once its heartbeat is seen to
			// stop; their leases (5 minutes) never run out in this test.
			await().atMost(Duration.ofMinutes(1))
				.pollInterval(Duration.ofMillis(2))
				.until(() -> succeeded(jdbc, NoopWorkerApplication.QUEUE) > JOBS / 10 && count(jdbc,
						"SELECT COUNT(*) FROM noop_effects e JOIN jobs j ON j.id = e.job_id WHERE j.status = 'RUNNING' "
								+ "AND j.lease_owner = '" + victim + "'") > 0);

			processes.get(0).kill();
			long killed = System.nanoTime();
			// What the victim had run without its acknowledgement written: only these may
			// run twice (read before the others judge it dead, 3 s after its last
			// heartbeat).
			long runUnacknowledged = count(jdbc,
					"SELECT COUNT(*) FROM noop_effects e JOIN jobs j ON j.id = e.job_id WHERE j.status = 'RUNNING' "
							+ "AND j.lease_owner = '" + victim + "' AND e.instance = '" + victim + "'");

			await().atMost(Duration.ofMinutes(2)).until(() -> succeeded(jdbc, NoopWorkerApplication.QUEUE) == JOBS);
			System.out.printf("kill -9 of one of three instances: all jobs done %d ms after the kill%n",
					(System.nanoTime() - killed) / 1_000_000);
			long effects = count(jdbc, "SELECT COUNT(*) FROM noop_effects");
			long distinct = count(jdbc, "SELECT COUNT(DISTINCT job_id) FROM noop_effects");
			System.out.printf("kill -9 of one of three instances: %d jobs, %d runs, %d duplicates, %d run but not "
					+ "acknowledged at the kill%n", JOBS, effects, effects - distinct, runUnacknowledged);
			assertThat(distinct).isEqualTo(JOBS);
			assertThat(effects - distinct).isLessThanOrEqualTo(runUnacknowledged);
			assertThat(count(jdbc,
					"SELECT COUNT(*) FROM (SELECT job_id FROM noop_effects GROUP BY job_id "
							+ "HAVING COUNT(*) > 1 AND SUM(CASE WHEN instance = '" + victim
							+ "' THEN 1 ELSE 0 END) = 0) twice"))
				.as("jobs run twice by the survivors")
				.isZero();
			assertThat(count(jdbc, "SELECT COUNT(*) FROM jobs WHERE last_error LIKE 'Lease of instance%'"))
				.as("recovered by heartbeat, not by lease")
				.isZero();
		}
		finally {
			for (JavaProcess process : processes) {
				process.close();
			}
		}
	}

	private static void enqueueNoops(JobClient jobs) {
		for (int i = 0; i < JOBS; i += 1000) {
			List<NewJob> chunk = new ArrayList<>();
			for (int j = 0; j < 1000; j++) {
				chunk.add(NewJob.of(NoopWorkerApplication.QUEUE, "{}"));
			}
			jobs.enqueueAll(chunk);
		}
	}

	private static void migrate(String url) {
		try (HikariDataSource dataSource = pool(url)) {
			Flyway.configure().dataSource(dataSource).load().migrate();
			JdbcClient.create(dataSource)
				.sql("CREATE TABLE noop_effects (job_id BIGINT NOT NULL, instance VARCHAR(200) NOT NULL)")
				.update();
		}
	}

	private static HikariDataSource pool(String url) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url);
		dataSource.setUsername(TestDatabases.user());
		dataSource.setPassword(TestDatabases.password());
		dataSource.setMaximumPoolSize(4);
		return dataSource;
	}

	private static long succeeded(JdbcClient jdbc, String queue) {
		return jdbc.sql("SELECT COUNT(*) FROM jobs WHERE queue = ? AND status = 'SUCCEEDED'")
			.param(queue)
			.query(Long.class)
			.single();
	}

	private static long count(JdbcClient jdbc, String sql) {
		return jdbc.sql(sql).query(Long.class).single();
	}

	private static boolean started(JavaProcess process) {
		return process.output().contains("Started NoopWorkerApplication");
	}

	private static String instanceOf(JavaProcess process) {
		Matcher matcher = Pattern.compile("Instance (\\S+) joined the cluster").matcher(process.output());
		assertThat(matcher.find()).as(process.output()).isTrue();
		return matcher.group(1);
	}

	private static String messageId(jakarta.mail.internet.MimeMessage message) {
		try {
			return message.getMessageID();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
