package dev.longhaul.email;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;

/**
 * The embedded SMTP sink (GreenMail, on 127.0.0.1 only) that a run without
 * {@code spring.mail.host} sends to, so mail really goes over SMTP with no setup.
 * Development only.
 */
public final class DevMailServer implements AutoCloseable {

	private final GreenMail greenMail;

	/**
	 * Starts the sink.
	 * @param port the port, or 0 for a free one
	 */
	public DevMailServer(int port) {
		ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
		this.greenMail = new GreenMail((port == 0) ? setup.dynamicPort() : setup);
		this.greenMail.start();
	}

	/**
	 * The port it listens on.
	 * @return the port
	 */
	public int port() {
		return this.greenMail.getSmtp().getPort();
	}

	/**
	 * The messages it caught, one entry per Message-ID, oldest first.
	 * @return the messages
	 */
	public List<CaughtMessage> messages() {
		Map<String, CaughtMessage> byId = new LinkedHashMap<>();
		for (MimeMessage message : this.greenMail.getReceivedMessages()) {
			try {
				String id = String.valueOf(message.getMessageID());
				byId.putIfAbsent(id, new CaughtMessage(id, addresses(message.getFrom()),
						addresses(message.getRecipients(MimeMessage.RecipientType.TO)), message.getSubject()));
			}
			catch (MessagingException ex) {
				// skip a message we cannot read
			}
		}
		return new ArrayList<>(byId.values());
	}

	/**
	 * The raw messages it caught, one per recipient mailbox; for tests.
	 * @return the messages
	 */
	public MimeMessage[] receivedMessages() {
		return this.greenMail.getReceivedMessages();
	}

	private static List<String> addresses(Address @Nullable [] addresses) {
		return (addresses != null) ? Arrays.stream(addresses).map(Address::toString).toList() : List.of();
	}

	@Override
	public void close() {
		this.greenMail.stop();
	}

	/**
	 * A caught message.
	 *
	 * @param messageId its Message-ID
	 * @param from its senders
	 * @param to its recipients
	 * @param subject its subject
	 */
	public record CaughtMessage(String messageId, List<String> from, List<String> to, @Nullable String subject) {
	}

}
