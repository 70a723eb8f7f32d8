package dev.longhaul.email;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Builds the MIME message of a stored email. User input only ever reaches headers through
 * Jakarta Mail's typed setters (addresses, a folded subject), never through
 * {@code addHeader}.
 */
final class EmailMessages {

	private final EmailProperties properties;

	private final Clock clock;

	EmailMessages(EmailProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	MimeMessage build(Session session, long id, Instant createdAt, EmailRequest email) throws MessagingException {
		String messageId = MessageIds.of(id, createdAt, this.properties.messageIdDomain());
		MimeMessage message = new MimeMessage(session) {
			@Override
			protected void updateMessageID() throws MessagingException {
				setHeader("Message-ID", messageId);
			}
		};
		boolean alternative = email.text() != null && email.html() != null;
		MimeMessageHelper helper = new MimeMessageHelper(message, alternative, "UTF-8");
		helper.setFrom(new InternetAddress(this.properties.from(), true));
		helper.setTo(addresses(email.toOrEmpty()));
		helper.setCc(addresses(email.ccOrEmpty()));
		helper.setBcc(addresses(email.bccOrEmpty()));
		if (email.replyTo() != null) {
			helper.setReplyTo(new InternetAddress(email.replyTo(), true));
		}
		if (email.subject() != null) {
			helper.setSubject(email.subject());
		}
		if (alternative) {
			helper.setText(email.text(), email.html());
		}
		else if (email.html() != null) {
			helper.setText(email.html(), true);
		}
		else {
			helper.setText((email.text() != null) ? email.text() : "", false);
		}
		helper.setSentDate(Date.from(this.clock.instant()));
		return message;
	}

	private static InternetAddress[] addresses(java.util.List<String> values) throws MessagingException {
		InternetAddress[] addresses = new InternetAddress[values.size()];
		for (int i = 0; i < addresses.length; i++) {
			addresses[i] = new InternetAddress(values.get(i), true);
		}
		return addresses;
	}

}
