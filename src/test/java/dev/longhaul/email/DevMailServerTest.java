package dev.longhaul.email;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded SMTP sink keeps only its newest messages in memory.
 */
class DevMailServerTest {

	private final DevMailServer server = new DevMailServer(0, 3);

	private final JavaMailSenderImpl sender = new JavaMailSenderImpl();

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void keepsEveryMessageUpToItsBound() throws MessagingException {
		for (int i = 1; i <= 3; i++) {
			send("message " + i);
		}

		assertThat(this.server.messages()).map(DevMailServer.CaughtMessage::subject)
			.containsExactly("message 1", "message 2", "message 3");
	}

	@Test
	void keepsTheNewestMessagesAndPurgesTheOldestWithAllTheirCopies() throws MessagingException {
		for (int i = 1; i <= 5; i++) {
			send("message " + i);
		}

		DevMailServer.Caught caught = this.server.newest(100);
		assertThat(caught.messages()).map(DevMailServer.CaughtMessage::subject)
			.containsExactly("message 3", "message 4", "message 5");
		assertThat(caught.count()).as("caught since it started").isEqualTo(5);
		assertThat(this.server.receivedMessages()).as("one copy per recipient, of the kept ones only").hasSize(6);
	}

	private void send(String subject) throws MessagingException {
		this.sender.setHost("127.0.0.1");
		this.sender.setPort(this.server.port());
		MimeMessage message = this.sender.createMimeMessage();
		message.setFrom("noreply@localhost");
		message.setRecipients(MimeMessage.RecipientType.TO, "ada@example.com, bob@example.com");
		message.setSubject(subject);
		message.setText("hello");
		this.sender.send(message);
	}

}
