package dev.longhaul.email;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
		return newest(Integer.MAX_VALUE).messages();
	}

	/**
	 * The newest messages it caught, one entry per Message-ID, oldest first, and how many
	 * there are in all.
	 * @param limit at most this many
	 * @return the messages and their total
	 */
	public Caught newest(int limit) {
		MimeMessage[] received = this.greenMail.getReceivedMessages();
		Set<String> ids = new HashSet<>();
		List<CaughtMessage> newest = new ArrayList<>();
		for (int i = received.length - 1; i >= 0; i--) {
			try {
				MimeMessage message = received[i];
				String id = String.valueOf(message.getMessageID());
				if (ids.add(id) && newest.size() < limit) {
					newest.add(new CaughtMessage(id, addresses(message.getFrom()),
							addresses(message.getRecipients(MimeMessage.RecipientType.TO)), message.getSubject()));
				}
			}
			catch (MessagingException ex) {
				// skip a message we cannot read
			}
		}
		Collections.reverse(newest);
		return new Caught(ids.size(), newest);
	}

	/**
	 * Caught messages.
	 *
	 * @param count how many were caught in all, one per Message-ID
	 * @param messages the newest of them, oldest first
	 */
	public record Caught(int count, List<CaughtMessage> messages) {
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
