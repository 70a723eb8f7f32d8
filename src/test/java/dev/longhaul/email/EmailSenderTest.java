package dev.longhaul.email;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

import dev.longhaul.config.InstanceId;
import dev.longhaul.queue.Job;
import dev.longhaul.queue.JobQueue;
import dev.longhaul.queue.JobSignals;
import dev.longhaul.queue.JobStatus;
import dev.longhaul.queue.QueueProperties;
import dev.longhaul.support.FakeSmtpServer;
import dev.longhaul.support.MutableClock;
import dev.longhaul.support.TestDatabases;
import dev.longhaul.worker.PauseWorkerException;
import dev.longhaul.worker.RoundResult;
import dev.longhaul.worker.StopToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code email-sender} round against real SMTP servers on 127.0.0.1 (GreenMail, and a
 * scripted {@link FakeSmtpServer} for failures), with the job queue on H2; each round
 * runs on the test thread.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmailSenderTest {

	private static final QueueProperties QUEUE_PROPERTIES = new QueueProperties(Duration.ofMinutes(5), 10,
			Duration.ofSeconds(10), Duration.ofHours(1), 2.0, 0.0);

	private static final Duration FIRST_RETRY = Duration.ofSeconds(10);

	private static final String SUBJECT = "Your parcel has shipped";

	private static final String BODY = "Parcel 42 leaves the depot today.";

	private static final StopToken NEVER = new StopWhen(() -> false);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final HikariDataSource dataSource = TestDatabases.h2();

	private final JobQueue jobs = jobQueue("instance-a");

	private final Outbox outbox = new Outbox(this.jobs, JsonMapper.builder().build(), EmailProperties.defaults());

	private final FakeSmtpServer fakeSmtp = new FakeSmtpServer();

	private GreenMail greenMail = startGreenMail(0);

	@AfterEach
	void stopServers() throws IOException {
		this.greenMail.stop();
		this.fakeSmtp.close();
		this.dataSource.close();
	}

	@Test
	void acceptedEmailIsSentWithTheMessageIdItsViewShows() throws Exception {
		long id = enqueue("ada@example.com");

		assertThat(sender(this.greenMail).runRound(NEVER)).isEqualTo(RoundResult.MORE_WORK);

		EmailView view = this.outbox.find(id).orElseThrow();
		assertThat(view.status()).isEqualTo(EmailStatus.SENT);
		assertThat(view.sentAt()).isEqualTo(this.clock.instant());
		assertThat(view.attempts()).isZero();
		assertThat(this.jobs.find(id).orElseThrow().result()).isEqualTo(view.messageId());
		assertThat(this.greenMail.getReceivedMessages()).singleElement().satisfies((message) -> {
			assertThat(message.getMessageID()).isEqualTo(view.messageId());
			assertThat(message.getSubject()).isEqualTo(SUBJECT);
			assertThat(message.getAllRecipients()).containsExactly(new InternetAddress("ada@example.com"));
			assertThat(message.getContent()).asString().isEqualToIgnoringNewLines(BODY);
		});
		assertThat(this.meters.counter("longhaul.email.sent").count()).isEqualTo(1);
	}

	@Test
	void permanentRejectionFailsTheEmailAtOnce() throws Exception {
		this.fakeSmtp.replyToRcpt("550 5.1.1 user unknown");
		long id = enqueue("ada@example.com");

		sender(this.fakeSmtp).runRound(NEVER);

		Job job = this.jobs.find(id).orElseThrow();
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
		long id = enqueue("ada@example.com");

		sender(this.fakeSmtp).runRound(NEVER);

		Job job = this.jobs.find(id).orElseThrow();
		assertThat(job.status()).isEqualTo(JobStatus.READY);
		assertThat(job.attempts()).isEqualTo(1);
		assertThat(job.runAt()).isEqualTo(this.clock.instant().plus(FIRST_RETRY));
		assertThat(job.lastError()).contains("450 4.2.1 mailbox busy");
		assertThat(this.outbox.find(id).orElseThrow().status()).isEqualTo(EmailStatus.RETRYING);
		assertThat(this.meters.counter("longhaul.email.retried").count()).isEqualTo(1);
		assertThat(this.meters.counter("longhaul.email.ambiguous").count()).isZero();
	}

	@Test
	void unreachableServerHandsTheBatchBackUntriedAndItIsSentOnceTheServerIsBack() throws Exception {
		long first = enqueue("ada@example.com");
		long second = enqueue("grace@example.com");
		int port = this.greenMail.getSmtp().getPort();
		EmailSender sender = sender(this.greenMail);
		this.greenMail.stop();

		assertThatExceptionOfType(SmtpUnavailableException.class).isThrownBy(() -> sender.runRound(NEVER))
			.withMessageContaining("2 email(s) handed back");

		assertThat(List.of(this.jobs.find(first).orElseThrow(), this.jobs.find(second).orElseThrow()))
			.allSatisfy((job) -> {
				assertThat(job.status()).isEqualTo(JobStatus.READY);
				assertThat(job.attempts()).isZero();
				assertThat(job.leaseToken()).isNull();
				assertThat(job.lastError()).isNotBlank();
			});

		this.greenMail = startGreenMail(port);
		assertThat(sender.runRound(NEVER)).isEqualTo(RoundResult.MORE_WORK);

		assertThat(this.outbox.find(first).orElseThrow().status()).isEqualTo(EmailStatus.SENT);
		assertThat(this.outbox.find(second).orElseThrow().status()).isEqualTo(EmailStatus.SENT);
		assertThat(this.greenMail.getReceivedMessages()).hasSize(2);
	}

	@Test
	void rejectedCredentialsPauseTheWorkerAndTheEmailsKeepTheirTries() throws Exception {
		this.fakeSmtp.replyToAuth("535 5.7.8 bad credentials");
		long id = enqueue("ada@example.com");
		EmailSender sender = sender(mailSender(this.fakeSmtp.port(), "longhaul", "wrong"));

		assertThatExceptionOfType(PauseWorkerException.class).isThrownBy(() -> sender.runRound(NEVER))
			.withMessageContaining("535 5.7.8 bad credentials");

		Job job = this.jobs.find(id).orElseThrow();
		assertThat(job.status()).isEqualTo(JobStatus.READY);
		assertThat(job.attempts()).isZero();
		assertThat(job.lastError()).contains("SMTP authentication failed");
		assertThat(this.fakeSmtp.messages()).isEmpty();
	}

	@Test
	void emailWhoseConnectionDroppedInFlightIsResentWithTheSameMessageId() throws Exception {
		this.fakeSmtp.dropAfterEndOfData();
		long id = enqueue("ada@example.com");
		EmailSender sender = sender(this.fakeSmtp);

		sender.runRound(NEVER);

		Job retrying = this.jobs.find(id).orElseThrow();
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
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add(enqueue("user" + i + "@example.com"));
		}
		StopToken stopAfterFirstDelivery = new StopWhen(() -> this.greenMail.getReceivedMessages().length >= 1);

		assertThat(sender(this.greenMail).runRound(stopAfterFirstDelivery)).isEqualTo(RoundResult.MORE_WORK);

		assertThat(this.jobs.find(ids.get(0)).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(ids.subList(1, 5)).map((id) -> this.jobs.find(id).orElseThrow()).allSatisfy((job) -> {
			assertThat(job.status()).isEqualTo(JobStatus.READY);
			assertThat(job.attempts()).isZero();
			assertThat(job.leaseToken()).isNull();
			assertThat(job.lastError()).isNull();
		});
		assertThat(this.greenMail.getReceivedMessages()).hasSize(1);
	}

	@Test
	void emailClaimedByAnInstanceWhoseLeaseExpiredIsSentByThisOne() throws Exception {
		long id = enqueue("ada@example.com");
		assertThat(jobQueue("dead-instance").claim(Outbox.QUEUE, 10)).hasSize(1);
		EmailSender sender = sender(this.greenMail);
		assertThat(sender.runRound(NEVER)).as("leased elsewhere").isEqualTo(RoundResult.IDLE);

		this.clock.advance(QUEUE_PROPERTIES.leaseDuration().plusSeconds(1));
		assertThat(this.jobs.recoverExpiredLeases()).isEqualTo(1);
		sender.runRound(NEVER);

		Job job = this.jobs.find(id).orElseThrow();
		assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(job.attempts()).as("the lost try counts").isEqualTo(1);
		assertThat(this.greenMail.getReceivedMessages()).singleElement()
			.satisfies((message) -> assertThat(message.getMessageID())
				.isEqualTo(this.outbox.find(id).orElseThrow().messageId()));
	}

	@Test
	void logsShowMaskedRecipientsAndNeverTheBody(CapturedOutput output) throws Exception {
		this.fakeSmtp.replyToRcpt("550 5.1.1 user unknown");
		long rejected = enqueue("ada.lovelace@example.com");

		sender(this.fakeSmtp).runRound(NEVER);

		assertThat(this.jobs.find(rejected).orElseThrow().status()).isEqualTo(JobStatus.DEAD);
		assertThat(output).contains("Email " + rejected + " to a***@example.com failed permanently")
			.doesNotContain("ada.lovelace@example.com")
			.doesNotContain(BODY);
	}

	private long enqueue(String to) {
		EmailRequest request = new EmailRequest(List.of(to), null, null, null, SUBJECT, BODY, null);
		return this.outbox.enqueue(request, null).job().id();
	}

	private JobQueue jobQueue(String instance) {
		return new JobQueue(this.dataSource, JdbcClient.create(this.dataSource),
				new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)), this.clock,
				new InstanceId(instance), QUEUE_PROPERTIES, new JobSignals());
	}

	private EmailSender sender(GreenMail server) {
		return sender(mailSender(server.getSmtp().getPort(), null, null));
	}

	private EmailSender sender(FakeSmtpServer server) {
		return sender(mailSender(server.port(), null, null));
	}

	private EmailSender sender(JavaMailSenderImpl mailSender) {
		EmailProperties properties = EmailProperties.defaults();
		return new EmailSender(this.jobs, this.outbox, new SmtpConnector(mailSender),
				new EmailMessages(properties, this.clock), new EmailMetrics(this.meters), properties);
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

	/**
	 * A stop token that reports a stop once a condition holds.
	 */
	private record StopWhen(BooleanSupplier condition) implements StopToken {

		@Override
		public boolean isStopRequested() {
			return this.condition.getAsBoolean();
		}

		@Override
		public boolean awaitStop(Duration timeout) {
			throw new UnsupportedOperationException("These tests send without a rate limit");
		}

	}

}
