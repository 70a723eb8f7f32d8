package dev.longhaul;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.longhaul.support.LonghaulJar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged application on its shipped H2 file settings, stopped the way production
 * stops it: a SIGTERM in the middle of a 2,000-email drain leaves no job RUNNING and a
 * restart sends each email once; a SIGKILL leaves the jobs it held RUNNING, and the
 * restart returns them at once (not after their 5-minute lease), sending again only those
 * it had sent without recording it.
 */
class StopAndCrashIT {

	private static final int EMAILS = 2_000;

	private static final Pattern MESSAGE_ID = Pattern.compile("<longhaul\\.(\\d+)\\.");

	@TempDir
	Path directory;

	private GreenMail smtp;

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
	void sigtermMidBatchLeavesNoJobRunningAndTheRestartSendsEachEmailOnce() throws Exception {
		try (LonghaulJar first = start()) {
			enqueue(first);
			await().atMost(Duration.ofMinutes(1)).until(() -> this.smtp.getReceivedMessages().length >= 200);

			first.sigterm();

			assertThat(first.output()).contains("Workers stopped")
				.contains("left the cluster")
				.doesNotContain("Database is already closed");
		}
		JdbcClient jdbc = JdbcClient.create(LonghaulJar.database(this.directory));
		assertThat(count(jdbc, "RUNNING")).isZero();
		long sent = count(jdbc, "SUCCEEDED");
		assertThat(sent).isBetween(200L, EMAILS - 1L);
		assertThat(sent + count(jdbc, "READY")).isEqualTo(EMAILS);
		assertThat(this.smtp.getReceivedMessages()).hasSize((int) sent);

		try (LonghaulJar second = start()) {
			await().atMost(Duration.ofMinutes(2)).until(() -> this.smtp.getReceivedMessages().length >= EMAILS);
			await().until(() -> second.get("/api/queues").contains("\"SUCCEEDED\":" + EMAILS));
			second.sigterm();
		}
		assertThat(count(jdbc, "SUCCEEDED")).isEqualTo(EMAILS);
		assertThat(this.smtp.getReceivedMessages()).as("nothing sent twice").hasSize(EMAILS);
		assertThat(jobIdsReceived()).hasSize(EMAILS);
	}

	@Test
	void sigkillMidBatchAndARestartFinishEveryEmailAtOnceSendingAgainOnlyWhatWasNotRecorded() throws Exception {
		try (LonghaulJar first = start()) {
			enqueue(first);
			await().atMost(Duration.ofMinutes(1)).until(() -> this.smtp.getReceivedMessages().length >= 200);

			first.sigkill();
		}
		JdbcClient jdbc = JdbcClient.create(LonghaulJar.database(this.directory));
		Set<Long> held = Set.copyOf(jdbc.sql("SELECT id FROM jobs WHERE status = 'RUNNING'").query(Long.class).list());
		assertThat(held).as("the killed instance held a batch").isNotEmpty();
		long heldAndSent = jobIdsReceived().stream().filter(held::contains).count();

		long restarted = System.nanoTime();
		try (LonghaulJar second = start()) {
			await().atMost(Duration.ofMinutes(2))
				.until(() -> second.get("/api/queues").contains("\"SUCCEEDED\":" + EMAILS));
			long seconds = (System.nanoTime() - restarted) / 1_000_000_000;
			System.out.printf("kill -9 on H2: %d jobs held, %d of them sent; all %d emails sent %d s after the "
					+ "restart began%n", held.size(), heldAndSent, EMAILS, seconds);
			assertThat(second.output()).contains("left running by an earlier process");
			second.sigterm();
		}
		MimeMessage[] received = this.smtp.getReceivedMessages();
		assertThat(jobIdsReceived()).hasSize(EMAILS);
		assertThat(received.length - EMAILS).as("sent twice: only what it had sent without recording it")
			.isLessThanOrEqualTo((int) heldAndSent);
		assertThat(jdbc
			.sql("SELECT COUNT(*) FROM jobs WHERE attempts = 1 AND last_error LIKE 'Instance % ended "
					+ "without finishing it'")
			.query(Long.class)
			.single()).isEqualTo(held.size());
	}

	private LonghaulJar start() {
		return LonghaulJar.start(this.directory, "--spring.mail.host=127.0.0.1",
				"--spring.mail.port=" + this.smtp.getSmtp().getPort(), "--longhaul.email.max-per-second=200");
	}

	private static void enqueue(LonghaulJar app) {
		for (int batch = 0; batch < EMAILS / 1000; batch++) {
			List<String> emails = new ArrayList<>();
			for (int i = 0; i < 1000; i++) {
				emails.add("{\"to\":[\"user" + (batch * 1000 + i) + "@example.com\"],\"subject\":\"No. " + i
						+ "\",\"text\":\"x\"}");
			}
			app.http()
				.post()
				.uri("/api/emails/batch")
				.contentType(MediaType.APPLICATION_JSON)
				.body("[" + String.join(",", emails) + "]")
				.exchange()
				.expectStatus()
				.isAccepted();
		}
	}

	private Set<Long> jobIdsReceived() {
		return Arrays.stream(this.smtp.getReceivedMessages()).map(StopAndCrashIT::jobId).collect(Collectors.toSet());
	}

	private static long jobId(MimeMessage message) {
		try {
			Matcher matcher = MESSAGE_ID.matcher(message.getMessageID());
			assertThat(matcher.find()).isTrue();
			return Long.parseLong(matcher.group(1));
		}
		catch (jakarta.mail.MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long count(JdbcClient jdbc, String status) {
		return jdbc.sql("SELECT COUNT(*) FROM jobs WHERE status = ?").param(status).query(Long.class).single();
	}

}
