package dev.longhaul.email;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * Builds the MIME message of a stored email. User input only ever reaches headers through
 * Jakarta Mail's typed setters (addresses, a folded subject), never through
 * {@code addHeader}.
 * <p>
 * Built with Jakarta Mail's own setters rather than Spring's {@code MimeMessageHelper},
 * whose constructor loads the MIME type map from the class path for every message: that
 * cost more than the SMTP conversation itself (most of a sending thread's time in a
 * profile).
 */
final class EmailMessages {

	private static final String CHARSET = "UTF-8";

	private final EmailProperties properties;

	private final InternetAddress from;

	private final Clock clock;

	EmailMessages(EmailProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
		try {
			this.from = new InternetAddress(properties.from(), true);
		}
		catch (MessagingException ex) {
			throw new IllegalArgumentException("longhaul.email.from is not an address: " + properties.from(), ex);
		}
	}

	MimeMessage build(Session session, long id, Instant createdAt, EmailRequest email) throws MessagingException {
		String messageId = MessageIds.of(id, createdAt, this.properties.messageIdDomain());
		MimeMessage message = new MimeMessage(session) {
			@Override
			protected void updateMessageID() throws MessagingException {
				setHeader("Message-ID", messageId);
			}
		};
		message.setFrom(this.from);
		message.setRecipients(RecipientType.TO, addresses(email.toOrEmpty()));
		message.setRecipients(RecipientType.CC, addresses(email.ccOrEmpty()));
		message.setRecipients(RecipientType.BCC, addresses(email.bccOrEmpty()));
		if (email.replyTo() != null) {
			message.setReplyTo(new InternetAddress[] { new InternetAddress(email.replyTo(), true) });
		}
		if (email.subject() != null) {
			message.setSubject(email.subject(), CHARSET);
		}
		if (email.text() != null && email.html() != null) {
			MimeBodyPart text = new MimeBodyPart();
			text.setText(email.text(), CHARSET, "plain");
			MimeBodyPart html = new MimeBodyPart();
			html.setText(email.html(), CHARSET, "html");
			message.setContent(new MimeMultipart("alternative", text, html));
		}
		else if (email.html() != null) {
			message.setText(email.html(), CHARSET, "html");
		}
		else {
			message.setText((email.text() != null) ? email.text() : "", CHARSET, "plain");
		}
		message.setSentDate(Date.from(this.clock.instant()));
		return message;
	}

	private static InternetAddress[] addresses(List<String> values) throws MessagingException {
		InternetAddress[] addresses = new InternetAddress[values.size()];
		for (int i = 0; i < addresses.length; i++) {
			addresses[i] = new InternetAddress(values.get(i), true);
		}
		return addresses;
	}

}
