package dev.longhaul.email;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.eclipse.angus.mail.util.MailConnectException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import dev.longhaul.support.FakeSmtpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The failure classifier, fed the exceptions Jakarta Mail really throws against a
 * scripted SMTP server (and through Spring's {@link JavaMailSenderImpl}), or constructed
 * ones where a server cannot produce them on cue.
 */
class SendFailuresTest {

	private final FakeSmtpServer server = new FakeSmtpServer();

	@AfterEach
	void closeServer() throws IOException {
		this.server.close();
	}

	@Test
	void unknownRecipientIsRejectedPermanently() {
		this.server.replyToRcpt("550 5.1.1 user unknown");

		MessagingException failure = sendFailure();

		assertThat(failure).isInstanceOf(SendFailedException.class);
		assertThat(SendFailures.classify(failure, true)).isEqualTo(new SendOutcome.Rejected("550 5.1.1 user unknown"));
	}

	@Test
	void busyMailboxIsRetriedLaterAlthoughJakartaMailCallsItAnInvalidAddress() {
		this.server.replyToRcpt("450 4.2.1 mailbox busy");

		MessagingException failure = sendFailure();

		assertThat(failure).isInstanceOf(SendFailedException.class).hasMessage("Invalid Addresses");
		assertThat(SendFailures.classify(failure, true))
			.isEqualTo(new SendOutcome.RetryLater("450 4.2.1 mailbox busy", false));
	}

	@Test
	void serverThatRequiresAuthenticationWeDidNotConfigureIsAConfigurationErrorNotAFailedEmail() {
		this.server.replyToMail("530 5.7.0 Authentication required");

		assertThat(SendFailures.classify(sendFailure(), true)).isInstanceOfSatisfying(SendOutcome.Misconfigured.class,
				(outcome) -> assertThat(outcome.reason()).contains("530 5.7.0 Authentication required"));
	}

	@Test
	void temporaryFailureAtEndOfDataIsRetriedLaterAndNotAmbiguous() {
		this.server.replyToEndOfData("451 4.3.0 try again later");

		assertThat(SendFailures.classify(sendFailure(), true))
			.isEqualTo(new SendOutcome.RetryLater("451 4.3.0 try again later", false));
	}

	@Test
	void rejectionAtEndOfDataIsPermanent() {
		this.server.replyToEndOfData("554 5.7.1 message refused");

		assertThat(SendFailures.classify(sendFailure(), true))
			.isEqualTo(new SendOutcome.Rejected("554 5.7.1 message refused"));
	}

	@Test
	void serviceNotAvailableGreetingMeansTheServerIsUnavailable() {
		this.server.greeting("421 4.3.2 service not available");

		MessagingException failure = connectFailure(this.server.port());

		assertThat(SendFailures.classify(failure, false)).isInstanceOf(SendOutcome.ServerUnavailable.class);
	}

	@Test
	void refusedConnectionMeansTheServerIsUnavailable() throws IOException {
		MessagingException failure = connectFailure(closedPort());

		assertThat(failure).isInstanceOf(MailConnectException.class);
		assertThat(SendFailures.classify(failure, false)).isInstanceOf(SendOutcome.ServerUnavailable.class);
	}

	@Test
	void serverThatDoesNotOfferTheRequiredStartTlsIsAConfigurationErrorAndGetsNothing() {
		JavaMailSenderImpl sender = mailSender(this.server.port(), "longhaul", "secret");
		SmtpStartTls.require(sender);
		SmtpConnector connector = new SmtpConnector(sender);

		MessagingException failure = catchThrowableOfMessaging(() -> connector.open().close());

		SendOutcome outcome = SendFailures.classify(failure, false);
		assertThat(outcome).isInstanceOf(SendOutcome.Misconfigured.class);
		assertThat(outcome.reason()).contains("does not offer STARTTLS", "longhaul.email.require-starttls");
		assertThat(this.server.messages()).isEmpty();
	}

	@Test
	void rejectedCredentialsAreAConfigurationError() {
		this.server.replyToAuth("535 5.7.8 bad credentials");

		MessagingException failure = connectFailure(this.server.port(), "user", "wrong");

		assertThat(failure).isInstanceOf(AuthenticationFailedException.class);
		assertThat(SendFailures.classify(failure, false)).isInstanceOfSatisfying(SendOutcome.Misconfigured.class,
				(misconfigured) -> assertThat(misconfigured.reason()).contains("535 5.7.8 bad credentials"));
	}

	@Test
	void connectionDroppedAfterTheFinalDotIsAmbiguous() {
		this.server.dropAfterEndOfData();

		MessagingException failure = sendFailure();

		assertThat(this.server.messages()).hasSize(1);
		assertThat(SendFailures.classify(failure, true)).isInstanceOfSatisfying(SendOutcome.RetryLater.class,
				(retry) -> assertThat(retry.ambiguous()).isTrue());
	}

	@Test
	void readTimeoutInFlightIsAmbiguous() {
		MessagingException failure = new MessagingException("Exception reading response",
				new SocketTimeoutException("Read timed out"));

		assertThat(SendFailures.classify(failure, true))
			.isEqualTo(new SendOutcome.RetryLater("Exception reading response", true));
	}

	@Test
	void failuresWrappedBySpringAreClassifiedByTheServersReply() {
		this.server.replyToRcpt("550 5.1.1 user unknown");
		Throwable rejected = catchThrowable(() -> mailSender(this.server.port(), null, null).send(simpleMessage()));

		this.server.replyToAuth("535 5.7.8 bad credentials");
		Throwable unauthenticated = catchThrowable(
				() -> mailSender(this.server.port(), "user", "wrong").send(simpleMessage()));

		assertThat(rejected).isInstanceOf(MailSendException.class);
		assertThat(SendFailures.classify(rejected, true)).isEqualTo(new SendOutcome.Rejected("550 5.1.1 user unknown"));
		assertThat(unauthenticated).isInstanceOf(MailAuthenticationException.class);
		assertThat(SendFailures.classify(unauthenticated, false)).isInstanceOf(SendOutcome.Misconfigured.class);
	}

	/**
	 * Sends one message the way the sender does, over a {@link SmtpConnector} connection,
	 * and returns what that threw.
	 */
	private MessagingException sendFailure() {
		SmtpConnector connector = new SmtpConnector(mailSender(this.server.port(), null, null));
		return catchThrowableOfMessaging(() -> {
			try (SmtpConnector.Connection connection = connector.open()) {
				MimeMessage message = new MimeMessage(connection.session());
				message.setFrom("noreply@localhost");
				message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress("ada@example.com"));
				message.setSubject("Hello");
				message.setText("Hi Ada");
				connection.send(message);
			}
		});
	}

	private static MessagingException connectFailure(int port) {
		return connectFailure(port, null, null);
	}

	private static MessagingException connectFailure(int port, String username, String password) {
		SmtpConnector connector = new SmtpConnector(mailSender(port, username, password));
		return catchThrowableOfMessaging(() -> connector.open().close());
	}

	private static MessagingException catchThrowableOfMessaging(ThrowingCallable action) {
		MessagingException failure = catchThrowableOfType(MessagingException.class, action);
		assertThat(failure).as("what the SMTP client threw").isNotNull();
		return failure;
	}

	private static JavaMailSenderImpl mailSender(int port, @Nullable String username, @Nullable String password) {
		return FakeSmtpServer.mailSender(port, username, password);
	}

	private static SimpleMailMessage simpleMessage() {
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom("noreply@localhost");
		message.setTo("ada@example.com");
		message.setSubject("Hello");
		message.setText("Hi Ada");
		return message;
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
