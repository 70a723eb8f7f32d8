package dev.longhaul.email;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserException;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The embedded SMTP sink (GreenMail, on 127.0.0.1 only) that a run without
 * {@code spring.mail.host} sends to, so mail really goes over SMTP with no setup.
 * Development only. GreenMail keeps what it catches in memory: the sink keeps the newest
 * {@code maxMessages} messages (one per Message-ID, however many recipients), and when
 * one more arrives it purges the oldest tenth, so that a long run does not fill the heap.
 */
public final class DevMailServer implements AutoCloseable {

	/** How many messages the sink keeps unless told otherwise. */
	public static final int DEFAULT_MAX_MESSAGES = 1000;

	private final GreenMail greenMail;

	private final Retention retention;

	/**
	 * Starts the sink, keeping the newest {@value #DEFAULT_MAX_MESSAGES} messages.
	 * @param port the port, or 0 for a free one
	 */
	public DevMailServer(int port) {
		this(port, DEFAULT_MAX_MESSAGES);
	}

	/**
	 * Starts the sink.
	 * @param port the port, or 0 for a free one
	 * @param maxMessages how many messages it keeps at most, the newest
	 */
	public DevMailServer(int port, int maxMessages) {
		Assert.isTrue(maxMessages > 0, "maxMessages must be positive");
		ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
		this.greenMail = new GreenMail((port == 0) ? setup.dynamicPort() : setup);
		this.greenMail.start();
		UserManager users = this.greenMail.getUserManager();
		this.retention = new Retention(maxMessages, users.getMessageDeliveryHandler(), users.getImapHostManager());
		users.setMessageDeliveryHandler(this.retention);
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
		return new Caught(this.retention.caught(), newest);
	}

	/**
	 * Caught messages.
	 *
	 * @param count how many were caught since the sink started, one per Message-ID, the
	 * purged ones included
	 * @param messages the newest of them, oldest first
	 */
	public record Caught(long count, List<CaughtMessage> messages) {
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
	 * Delivers each message as GreenMail does, after purging the oldest tenth of the
	 * messages kept when this one would be one too many. Purging scans only the mailboxes
	 * the purged messages went to, once per tenth, so a message costs a few lookups on
	 * average. Recipients' accounts stay (a few hundred bytes each).
	 */
	private static final class Retention implements MessageDeliveryHandler {

		private final int maxMessages;

		private final MessageDeliveryHandler delivery;

		private final ImapHostManager mailboxes;

		/** The Message-IDs kept, oldest first, with the users each went to. */
		private final Map<String, Set<GreenMailUser>> kept = new HashMap<>();

		private final Deque<String> order = new ArrayDeque<>();

		private final AtomicLong caught = new AtomicLong();

		Retention(int maxMessages, MessageDeliveryHandler delivery, ImapHostManager mailboxes) {
			this.maxMessages = maxMessages;
			this.delivery = delivery;
			this.mailboxes = mailboxes;
		}

		@Override
		public synchronized GreenMailUser handle(MovingMessage message, MailAddress address)
				throws MessagingException, UserException {
			String id = String.valueOf(message.getMessage().getMessageID());
			if (!this.kept.containsKey(id)) {
				if (this.kept.size() >= this.maxMessages) {
					purge(Math.max(1, this.maxMessages / 10));
				}
				this.kept.put(id, new HashSet<>());
				this.order.addLast(id);
				this.caught.incrementAndGet();
			}
			GreenMailUser user = this.delivery.handle(message, address);
			this.kept.get(id).add(user);
			return user;
		}

		private void purge(int count) {
			Set<String> ids = new HashSet<>();
			Set<GreenMailUser> users = new LinkedHashSet<>();
			for (int i = 0; i < count && !this.order.isEmpty(); i++) {
				String id = this.order.removeFirst();
				ids.add(id);
				users.addAll(this.kept.remove(id));
			}
			for (GreenMailUser user : users) {
				try {
					MailFolder inbox = this.mailboxes.getInbox(user);
					for (StoredMessage stored : inbox.getMessages()) {
						if (ids.contains(String.valueOf(stored.getMimeMessage().getMessageID()))) {
							inbox.setFlags(new Flags(Flags.Flag.DELETED), true, stored.getUid(), null, false);
						}
					}
					inbox.expunge();
				}
				catch (FolderException | MessagingException ex) {
					// the account is gone: nothing of it to purge
				}
			}
		}

		long caught() {
			return this.caught.get();
		}

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
