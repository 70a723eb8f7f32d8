package dev.longhaul.email;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.longhaul.LonghaulApplication;
import dev.longhaul.queue.JobQueries;
import dev.longhaul.queue.JobStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A graceful stop in the middle of a 500-email batch loses nothing and sends nothing
 * twice: the message in flight finishes, the rest of the batch goes back to the queue,
 * and the next run sends it.
 */
class GracefulStopMidBatchIntegrationTest {

	private static final int EMAILS = 500;

	private GreenMail smtp;

	private final String database = "jdbc:h2:mem:stop-" + UUID.randomUUID()
			+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";

	@BeforeEach
	void startSmtp() {
		this.smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
		this.smtp.start();
	}

	@AfterEach
	void stopSmtp() {
		this.smtp.stop();
	}

	@Test
	void stopInTheMiddleOfABatchHandsTheRestBackAndTheNextRunSendsEachEmailOnce() {
		Map<JobStatus, Long> afterStop;
		try (ConfigurableApplicationContext first = start("--longhaul.email.max-per-second=200")) {
			List<EmailRequest> emails = new ArrayList<>();
			for (int i = 0; i < EMAILS; i++) {
				emails.add(new EmailRequest(List.of("user" + i + "@example.com"), null, null, null, "No. " + i, "x",
						null));
			}
			assertThat(first.getBeansOfType(DevMailServer.class)).as("no dev SMTP sink with spring.mail.host set")
				.isEmpty();
			first.getBean(Outbox.class).enqueueAll(emails);
			await().atMost(Duration.ofSeconds(30)).until(() -> this.smtp.getReceivedMessages().length >= 50);

			first.close();

			afterStop = countByStatus();
		}
		assertThat(afterStop.get(JobStatus.RUNNING)).isZero();
		assertThat(afterStop.get(JobStatus.SUCCEEDED)).isBetween(50L, EMAILS - 1L);
		assertThat(afterStop.get(JobStatus.SUCCEEDED) + afterStop.get(JobStatus.READY)).isEqualTo(EMAILS);
		assertThat(this.smtp.getReceivedMessages()).hasSize(afterStop.get(JobStatus.SUCCEEDED).intValue());

		try (ConfigurableApplicationContext second = start()) {
			JobQueries jobs = second.getBean(JobQueries.class);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> jobs.countByStatus(Outbox.QUEUE).get(JobStatus.SUCCEEDED) == EMAILS);
		}
		MimeMessage[] received = this.smtp.getReceivedMessages();
		assertThat(received).hasSize(EMAILS);
		assertThat(Arrays.stream(received).map(GracefulStopMidBatchIntegrationTest::messageId).distinct())
			.hasSize(EMAILS);
	}

	private Map<JobStatus, Long> countByStatus() {
		Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
		for (JobStatus status : JobStatus.values()) {
			counts.put(status,
					JdbcClient.create(new DriverManagerDataSource(this.database, "sa", ""))
						.sql("SELECT COUNT(*) FROM jobs WHERE status = ?")
						.param(status.name())
						.query(Long.class)
						.single());
		}
		return counts;
	}

	private ConfigurableApplicationContext start(String... extra) {
		List<String> args = new ArrayList<>(
				List.of("--server.port=0", "--spring.datasource.url=" + this.database, "--spring.mail.host=127.0.0.1",
						"--spring.mail.port=" + this.smtp.getSmtp().getPort(), "--spring.jmx.enabled=false"));
		args.addAll(List.of(extra));
		return new SpringApplicationBuilder(LonghaulApplication.class).run(args.toArray(String[]::new));
	}

	private static String messageId(MimeMessage message) {
		try {
			return message.getMessageID();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
