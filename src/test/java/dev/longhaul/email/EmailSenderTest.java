package dev.longhaul.email;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

import dev.longhaul.queue.Job;
import dev.longhaul.queue.JobStatus;
import dev.longhaul.queue.QueueProperties;
import dev.longhaul.queue.TestJobEngine;
import dev.longhaul.support.FakeSmtpServer;
import dev.longhaul.support.MutableClock;
import dev.longhaul.support.StopTokens;
import dev.longhaul.support.TestDatabases;
import dev.longhaul.worker.LoopTask;
import dev.longhaul.worker.PauseWorkerException;
import dev.longhaul.worker.RoundResult;
import dev.longhaul.worker.StopToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

/**
 * The {@code email} job type against real SMTP servers on 127.0.0.1 (GreenMail, and a
 * scripted {@link FakeSmtpServer} for failures), with the job engine on H2; each round of
 * the {@code email-sender} executor runs its emails on the test thread.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmailSenderTest {

	private static final QueueProperties QUEUE_PROPERTIES = new QueueProperties(Duration.ofMinutes(5), 10,
			Duration.ofSeconds(10), Duration.ofHours(1), 2.0, 0.0, Duration.ofDays(7),
			QueueProperties.Completion.DEFAULTS);

	private static final Duration FIRST_RETRY = Duration.ofSeconds(10);

	private static final String SUBJECT = "Your parcel has shipped";

	private static final String BODY = "Parcel 42 leaves the depot today.";

	private static final StopToken NEVER = StopTokens.NEVER;

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final HikariDataSource dataSource = TestDatabases.h2();

	private final FakeSmtpServer fakeSmtp = new FakeSmtpServer();

	private GreenMail greenMail = startGreenMail(0);

	private TestJobEngine engine;

	private Outbox outbox;

	@AfterEach
	void stopServers() throws IOException {
		this.greenMail.stop();
		this.fakeSmtp.close();
		this.dataSource.close();
	}

	@Test
	void acceptedEmailIsSentWithTheMessageIdItsViewShows() throws Exception {
		LoopTask sender = sender(this.greenMail);
		long id = enqueue("ada@example.com");

		assertThat(sender.runRound(NEVER)).isEqualTo(RoundResult.IDLE);

		EmailView view = this.outbox.find(id).orElseThrow();
		assertThat(view.status()).isEqualTo(EmailStatus.SENT);
		assertThat(view.sentAt()).isEqualTo(this.clock.instant());
		assertThat(view.attempts()).isZero();
		assertThat(this.engine.queries().find(id).orElseThrow().result()).isEqualTo(view.messageId());
		assertThat(this.greenMail.getReceivedMessages()).singleElement().satisfies((message) -> {
			assertThat(message.getMessageID()).isEqualTo(view.messageId());
			assertThat(message.getSubject()).isEqualTo(SUBJECT);
			assertThat(message.getAllRecipients()).containsExactly(new InternetAddress("ada@example.com"));
			assertThat(message.getContent()).asString().isEqualToIgnoringNewLines(BODY);
		});
		assertThat(this.meters.counter("longhaul.email.sent").count()).isEqualTo(1);
	}

	@Test
	void textAndHtmlGoAsAlternativesAndNonAsciiSurvives() throws Exception {
		LoopTask sender = sender(this.greenMail);
		long id = this.outbox
			.enqueue(new EmailRequest(List.of("Zoë <zoe@example.com>"), null, null, null, "Café ☕ ready", "Plain é",
					"<p>Rich é</p>"), null)
			.job()
			.id();

		sender.runRound(NEVER);

		assertThat(this.outbox.find(id).orElseThrow().status()).isEqualTo(EmailStatus.SENT);
		MimeMessage message = this.greenMail.getReceivedMessages()[0];
		assertThat(message.getSubject()).isEqualTo("Café ☕ ready");
		assertThat(message.getContentType()).startsWith("multipart/alternative");
		MimeMultipart parts = (MimeMultipart) message.getContent();
		assertThat(parts.getCount()).isEqualTo(2);
		assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain; charset=UTF-8");
		assertThat(parts.getBodyPart(0).getContent()).isEqualTo("Plain é");
		assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html; charset=UTF-8");
		assertThat(parts.getBodyPart(1).getContent()).isEqualTo("<p>Rich é</p>");
		assertThat(message.getFrom()).containsExactly(new InternetAddress("Longhaul <noreply@localhost>"));
	}

	@Test
	void permanentRejectionFailsTheEmailAtOnce() throws Exception {
		this.fakeSmtp.replyToRcpt("550 5.1.1 user unknown");
		LoopTask sender = sender(this.fakeSmtp);
		long id = enqueue("ada@example.com");

		sender.runRound(NEVER);

		Job job = this.engine.queries().find(id).orElseThrow();
		assertThat(job.status()).isEqualTo(JobStatus.DEAD);
		assertThat(job.attempts()).isEqualTo(1);
		assertThat(job.lastError()).contains("550 5.1.1 user unknown");
		assertThat(this.outbox.find(id).orElseThrow().status()).isEqualTo(EmailStatus.FAILED);
		assertThat(this.fakeSmtp.messages()).isEmpty();
		assertThat(this.meters.counter("longhaul.email.failed").count()).isEqualTo(1);
	}

	@Test
	void temporaryRejectionSchedulesARetryAfterTheBackoff() throws Exception {
		this.fakeSmtp.replyToRcpt("450 4.2.1 mailbox busy");
		LoopTask sender = sender(this.fakeSmtp);
		long id = enqueue("ada@example.com");

		sender.runRound(NEVER);

		Job job = this.engine.queries().find(id).orElseThrow();
		assertThat(job.status()).isEqualTo(JobStatus.READY);
		assertThat(job.attempts()).isEqualTo(1);
		assertThat(job.runAt()).isEqualTo(this.clock.instant().plus(FIRST_RETRY));
		assertThat(job.lastError()).contains("450 4.2.1 mailbox busy");
		assertThat(this.outbox.find(id).orElseThrow().status()).isEqualTo(EmailStatus.RETRYING);
		assertThat(this.meters.counter("longhaul.email.retried").count()).isEqualTo(1);
		assertThat(this.meters.counter("longhaul.email.ambiguous").count()).isZero();
	}

	@Test
	void unreachableServerHandsTheEmailsBackUntriedBacksTheWorkerOffAndTheyAreSentOnceItIsBack() throws Exception {
		int port = this.greenMail.getSmtp().getPort();
		LoopTask sender = sender(this.greenMail);
		long first = enqueue("ada@example.com");
		long second = enqueue("grace@example.com");
		this.greenMail.stop();

		sender.runRound(NEVER);
		assertThatRuntimeException().as("the next round fails, so the worker backs off")
			.isThrownBy(() -> sender.runRound(NEVER))
			.withMessageContaining("SMTP server unavailable");

		assertThat(List.of(this.engine.queries().find(first).orElseThrow(),
				this.engine.queries().find(second).orElseThrow()))
			.allSatisfy((job) -> {
				assertThat(job.status()).isEqualTo(JobStatus.READY);
				assertThat(job.attempts()).isZero();
				assertThat(job.leaseToken()).isNull();
				assertThat(job.lastError()).isNotBlank();
			});

		this.greenMail = startGreenMail(port);
		assertThat(sender.runRound(NEVER)).isEqualTo(RoundResult.IDLE);

		assertThat(this.outbox.find(first).orElseThrow().status()).isEqualTo(EmailStatus.SENT);
		assertThat(this.outbox.find(second).orElseThrow().status()).isEqualTo(EmailStatus.SENT);
		assertThat(this.greenMail.getReceivedMessages()).hasSize(2);
	}

	@Test
	void rejectedCredentialsPauseTheWorkerAndTheEmailsKeepTheirTries() throws Exception {
		this.fakeSmtp.replyToAuth("535 5.7.8 bad credentials");
		LoopTask sender = sender(mailSender(this.fakeSmtp.port(), "longhaul", "wrong"));
		long id = enqueue("ada@example.com");

		sender.runRound(NEVER);
		assertThatExceptionOfType(PauseWorkerException.class).isThrownBy(() -> sender.runRound(NEVER))
			.withMessageContaining("535 5.7.8 bad credentials");

		Job job = this.engine.queries().find(id).orElseThrow();
		assertThat(job.status()).isEqualTo(JobStatus.READY);
		assertThat(job.attempts()).isZero();
		assertThat(job.lastError()).contains("SMTP authentication failed");
		assertThat(this.fakeSmtp.messages()).isEmpty();
	}

	@Test
	void requiredStartTlsThatTheServerDoesNotOfferPausesTheWorkerAndTheEmailsKeepTheirTries() throws Exception {
		JavaMailSenderImpl mailSender = mailSender(this.fakeSmtp.port(), null, null);
		SmtpStartTls.require(mailSender);
		LoopTask sender = sender(mailSender);
		long id = enqueue("ada@example.com");

		sender.runRound(NEVER);
		assertThatExceptionOfType(PauseWorkerException.class).isThrownBy(() -> sender.runRound(NEVER))
			.withMessageContaining("does not offer STARTTLS");

		Job job = this.engine.queries().find(id).orElseThrow();
		assertThat(job.status()).isEqualTo(JobStatus.READY);
		assertThat(job.attempts()).isZero();
		assertThat(this.fakeSmtp.messages()).isEmpty();
	}

	@Test
	void emailWhoseConnectionDroppedInFlightIsResentWithTheSameMessageId() throws Exception {
		this.fakeSmtp.dropAfterEndOfData();
		LoopTask sender = sender(this.fakeSmtp);
		long id = enqueue("ada@example.com");

		sender.runRound(NEVER);

		Job retrying = this.engine.queries().find(id).orElseThrow();
		assertThat(retrying.status()).isEqualTo(JobStatus.READY);
		assertThat(retrying.attempts()).isEqualTo(1);
		assertThat(retrying.runAt()).isEqualTo(this.clock.instant().plus(FIRST_RETRY));
		assertThat(this.meters.counter("longhaul.email.ambiguous").count()).isEqualTo(1);
		assertThat(sender.runRound(NEVER)).as("not due before the backoff").isEqualTo(RoundResult.IDLE);

		this.fakeSmtp.replyToEndOfData("250 2.0.0 Ok: queued");
		this.clock.advance(FIRST_RETRY);
		sender.runRound(NEVER);

		EmailView view = this.outbox.find(id).orElseThrow();
		assertThat(view.status()).isEqualTo(EmailStatus.SENT);
		assertThat(this.fakeSmtp.messageIds()).containsExactly(view.messageId(), view.messageId());
	}

	@Test
	void stopAfterTheFirstEmailSendsItAndHandsTheRestOfTheBatchBackUntried() throws Exception {
		LoopTask sender = sender(this.greenMail);
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add(enqueue("user" + i + "@example.com"));
		}
		StopToken stopAfterFirstDelivery = StopTokens.when(() -> this.greenMail.getReceivedMessages().length >= 1);

		assertThat(sender.runRound(stopAfterFirstDelivery)).isEqualTo(RoundResult.IDLE);

		assertThat(this.engine.queries().find(ids.get(0)).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(ids.subList(1, 5)).map((id) -> this.engine.queries().find(id).orElseThrow()).allSatisfy((job) -> {
			assertThat(job.status()).isEqualTo(JobStatus.READY);
			assertThat(job.attempts()).isZero();
			assertThat(job.leaseToken()).isNull();
			assertThat(job.lastError()).isNull();
		});
		assertThat(this.greenMail.getReceivedMessages()).hasSize(1);
	}

	@Test
	void emailClaimedByAnInstanceWhoseLeaseExpiredIsSentByThisOne() throws Exception {
		LoopTask sender = sender(this.greenMail);
		long id = enqueue("ada@example.com");
		assertThat(this.engine.as("dead-instance").claim(Outbox.QUEUE, 10)).hasSize(1);
		assertThat(sender.runRound(NEVER)).as("leased elsewhere").isEqualTo(RoundResult.IDLE);

		this.clock.advance(QUEUE_PROPERTIES.leaseDuration().plusSeconds(1));
		assertThat(this.engine.rescueExpiredLeases()).isEqualTo(1);
		sender.runRound(NEVER);

		Job job = this.engine.queries().find(id).orElseThrow();
		assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(job.attempts()).as("the lost try counts").isEqualTo(1);
		assertThat(this.greenMail.getReceivedMessages()).singleElement()
			.satisfies((message) -> assertThat(message.getMessageID())
				.isEqualTo(this.outbox.find(id).orElseThrow().messageId()));
	}

	@Test
	void logsShowMaskedAddressesAndNeverTheBody(CapturedOutput output) throws Exception {
		this.fakeSmtp.replyToRcpt("550 5.1.1 <ada.lovelace@example.com>: user unknown");
		LoopTask sender = sender(this.fakeSmtp);
		long rejected = enqueue("ada.lovelace@example.com");

		sender.runRound(NEVER);

		Job job = this.engine.queries().find(rejected).orElseThrow();
		assertThat(job.status()).isEqualTo(JobStatus.DEAD);
		assertThat(job.lastError()).as("stored as the server said it").contains("<ada.lovelace@example.com>");
		assertThat(output)
			.contains("Job " + rejected + " (email) failed permanently on try 1: 550 5.1.1 <a***@example.com>")
			.doesNotContain("ada.lovelace@example.com")
			.doesNotContain(BODY);
	}

	private long enqueue(String to) {
		EmailRequest request = new EmailRequest(List.of(to), null, null, null, SUBJECT, BODY, null);
		return this.outbox.enqueue(request, null).job().id();
	}

	private LoopTask sender(GreenMail server) {
		return sender(mailSender(server.getSmtp().getPort(), null, null));
	}

	private LoopTask sender(FakeSmtpServer server) {
		return sender(mailSender(server.port(), null, null));
	}

	/**
	 * The engine with the email type sending through this mail sender, and its executor.
	 */
	private LoopTask sender(JavaMailSenderImpl mailSender) {
		EmailProperties properties = EmailProperties.defaults();
		EmailSender sender = new EmailSender(new SmtpConnections(new SmtpConnector(mailSender)),
				new EmailMessages(properties, this.clock), new EmailMetrics(this.meters), properties);
		this.engine = new TestJobEngine(this.dataSource, this.clock, "instance-a", QUEUE_PROPERTIES, sender);
		this.outbox = new Outbox(this.engine.client(), this.engine.queries(), new JdbcTemplate(this.dataSource),
				new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)),
				JsonMapper.builder().build(), properties);
		return this.engine.inlineExecutor(Outbox.QUEUE);
	}

	private static JavaMailSenderImpl mailSender(int port, @Nullable String username, @Nullable String password) {
		return FakeSmtpServer.mailSender(port, username, password);
	}

	private static GreenMail startGreenMail(int port) {
		ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
		GreenMail greenMail = new GreenMail((port == 0) ? setup.dynamicPort() : setup);
		greenMail.start();
		return greenMail;
	}

}
