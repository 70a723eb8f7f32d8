package dev.longhaul.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.util.StringUtils;

/**
 * Opens SMTP connections with the settings of Spring's {@link JavaMailSenderImpl}
 * ({@code spring.mail.*}), so that the sender can send a whole batch over one connection
 * and tell each message's outcome.
 */
final class SmtpConnector {

	private final JavaMailSenderImpl sender;

	SmtpConnector(JavaMailSenderImpl sender) {
		this.sender = sender;
	}

	/**
	 * Connects (and authenticates, when a user name is configured).
	 * @return the open connection
	 * @throws MessagingException if the server is unreachable, refuses us, or rejects the
	 * credentials
	 */
	Connection open() throws MessagingException {
		Session session = this.sender.getSession();
		String protocol = this.sender.getProtocol();
		if (protocol == null) {
			protocol = session.getProperty("mail.transport.protocol");
		}
		Transport transport = session.getTransport((protocol != null) ? protocol : "smtp");
		String username = StringUtils.hasLength(this.sender.getUsername()) ? this.sender.getUsername() : null;
		String password = (username != null) ? this.sender.getPassword() : null;
		transport.connect(this.sender.getHost(), this.sender.getPort(), username, password);
		return new Connection(session, transport);
	}

	/**
	 * One open SMTP connection.
	 */
	static final class Connection implements AutoCloseable {

		private final Session session;

		private final Transport transport;

		Connection(Session session, Transport transport) {
			this.session = session;
			this.transport = transport;
		}

		Session session() {
			return this.session;
		}

		void send(MimeMessage message) throws MessagingException {
			message.saveChanges();
			this.transport.sendMessage(message, message.getAllRecipients());
		}

		boolean isConnected() {
			return this.transport.isConnected();
		}

		@Override
		public void close() {
			try {
				this.transport.close();
			}
			catch (MessagingException ex) {
				// the connection is gone either way
			}
		}

	}

}
