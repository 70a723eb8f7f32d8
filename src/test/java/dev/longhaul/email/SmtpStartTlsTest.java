package dev.longhaul.email;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * STARTTLS is required by default for an SMTP server on another machine, not for one on
 * this machine, and {@code longhaul.email.require-starttls} decides when set.
 */
class SmtpStartTlsTest {

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "localhost", "LOCALHOST", "mail.localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]" })
	void isNotRequiredByDefaultOnThisMachine(String host) {
		assertThat(SmtpStartTls.required(EmailProperties.defaults(), sender(host, null))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "smtp.example.com", "mailpit", "10.0.0.5", "192.168.1.20", "2001:db8::25",
			"localhost.example.com" })
	void isRequiredByDefaultForAnotherMachine(String host) {
		assertThat(SmtpStartTls.required(EmailProperties.defaults(), sender(host, null))).isTrue();
	}

	@Test
	void isNotRequiredByDefaultWhereTlsStartsWithTheConnection() {
		assertThat(SmtpStartTls.required(EmailProperties.defaults(), sender("smtp.example.com", "smtps"))).isFalse();
	}

	@Test
	void theSettingWinsEitherWay() {
		assertThat(SmtpStartTls.required(requireStarttls(false), sender("smtp.example.com", null))).isFalse();
		assertThat(SmtpStartTls.required(requireStarttls(true), sender("127.0.0.1", null))).isTrue();
	}

	@Test
	void requiringItSetsJakartaMailsStartTlsAndIdentityCheckAndKeepsTheOtherSettings() {
		JavaMailSenderImpl sender = sender("smtp.example.com", null);
		sender.getJavaMailProperties().setProperty("mail.smtp.timeout", "30000");

		SmtpStartTls.require(sender);

		assertThat(sender.getSession().getProperties()).containsEntry("mail.smtp.starttls.enable", "true")
			.containsEntry("mail.smtp.starttls.required", "true")
			.containsEntry("mail.smtp.ssl.checkserveridentity", "true")
			.containsEntry("mail.smtp.timeout", "30000");
	}

	private static EmailProperties requireStarttls(boolean required) {
		return new EmailProperties("Longhaul <noreply@localhost>", 4, 50, 0, DataSize.ofMegabytes(1), "longhaul.local",
				10, required);
	}

	private static JavaMailSenderImpl sender(String host, String protocol) {
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		sender.setHost(host);
		if (protocol != null) {
			sender.setProtocol(protocol);
		}
		return sender;
	}

}
