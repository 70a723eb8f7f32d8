package dev.longhaul.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * A scripted SMTP server on 127.0.0.1 for tests: it answers each command with the reply a
 * test set (a 220 greeting and 250s unless told otherwise), and records the raw DATA of
 * every message it receives. Replies can be changed between sends; a connection reads
 * them as it goes.
 */
public final class FakeSmtpServer implements AutoCloseable {

	private final ServerSocket serverSocket;

	private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

	private final List<String> messages = new CopyOnWriteArrayList<>();

	private volatile String greeting = "220 fake.smtp ESMTP";

	private volatile @Nullable String authReply;

	private volatile String mailReply = "250 2.1.0 Ok";

	private volatile String rcptReply = "250 2.1.5 Ok";

	private volatile String dataReply = "354 End data with <CR><LF>.<CR><LF>";

	private volatile @Nullable String endOfDataReply = "250 2.0.0 Ok: queued";

	private volatile Duration endOfDataDelay = Duration.ZERO;

	private volatile CountDownLatch endOfDataGate = new CountDownLatch(0);

	private final AtomicInteger waitingAtEndOfData = new AtomicInteger();

	private final AtomicInteger maxConnections = new AtomicInteger();

	/**
	 * Answers each message's end of data only after a delay: a slow relay.
	 * @param delay the delay
	 * @return this server
	 */
	public FakeSmtpServer endOfDataDelay(Duration delay) {
		this.endOfDataDelay = delay;
		return this;
	}

	/**
	 * Holds the answer to each message's end of data until {@link #releaseEndOfData()}.
	 * @return this server
	 */
	public FakeSmtpServer holdEndOfData() {
		this.endOfDataGate = new CountDownLatch(1);
		return this;
	}

	/** Answers the messages held at their end of data, and the next ones at once. */
	public void releaseEndOfData() {
		this.endOfDataGate.countDown();
	}

	/**
	 * How many connections wait for the answer to their message now.
	 * @return the count
	 */
	public int waitingAtEndOfData() {
		return this.waitingAtEndOfData.get();
	}

	/**
	 * The most connections that were open at once.
	 * @return the count
	 */
	public int maxConnections() {
		return this.maxConnections.get();
	}

	/**
	 * Starts the server on a free port.
	 */
	public FakeSmtpServer() {
		try {
			this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		daemon("fake-smtp-" + port(), this::acceptConnections).start();
	}

	public int port() {
		return this.serverSocket.getLocalPort();
	}

	/**
	 * The greeting; a non-2xx one (such as {@code 421}) is sent and the connection
	 * closed.
	 * @param reply the greeting
	 * @return this server
	 */
	public FakeSmtpServer greeting(String reply) {
		this.greeting = reply;
		return this;
	}

	/**
	 * Advertises {@code AUTH PLAIN LOGIN} and answers the credentials with the given
	 * reply, such as {@code 235 2.7.0 Ok} or {@code 535 5.7.8 bad credentials}.
	 * @param reply the reply to the credentials
	 * @return this server
	 */
	public FakeSmtpServer replyToAuth(String reply) {
		this.authReply = reply;
		return this;
	}

	public FakeSmtpServer replyToMail(String reply) {
		this.mailReply = reply;
		return this;
	}

	public FakeSmtpServer replyToRcpt(String reply) {
		this.rcptReply = reply;
		return this;
	}

	public FakeSmtpServer replyToData(String reply) {
		this.dataReply = reply;
		return this;
	}

	public FakeSmtpServer replyToEndOfData(String reply) {
		this.endOfDataReply = reply;
		return this;
	}

	/**
	 * Records the message, then closes the connection without replying to the final
	 * {@code "."}: the client cannot tell whether the message was accepted.
	 * @return this server
	 */
	public FakeSmtpServer dropAfterEndOfData() {
		this.endOfDataReply = null;
		return this;
	}

	/**
	 * The raw DATA of the messages received so far (dot-stuffing undone), oldest first.
	 * @return the messages
	 */
	public List<String> messages() {
		return List.copyOf(this.messages);
	}

	/**
	 * The {@code Message-ID} header of each message received so far, oldest first.
	 * @return the Message-IDs
	 */
	public List<String> messageIds() {
		List<String> ids = new ArrayList<>();
		for (String message : this.messages) {
			for (String line : message.split("\r\n")) {
				if (line.isEmpty()) {
					break;
				}
				if (line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
					ids.add(line.substring(11).strip());
				}
			}
		}
		return ids;
	}

	@Override
	public void close() throws IOException {
		this.serverSocket.close();
		for (Socket connection : this.connections) {
			connection.close();
		}
	}

	private void acceptConnections() {
		while (!this.serverSocket.isClosed()) {
			try {
				Socket connection = this.serverSocket.accept();
				this.connections.add(connection);
				this.maxConnections.accumulateAndGet(this.connections.size(), Math::max);
				daemon("fake-smtp-connection", () -> converse(connection)).start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void converse(Socket connection) {
		try (connection;
				BufferedReader in = new BufferedReader(
						new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
				Writer out = new OutputStreamWriter(connection.getOutputStream(), StandardCharsets.UTF_8)) {
			String greeting = this.greeting;
			reply(out, greeting);
			if (!greeting.startsWith("2")) {
				return;
			}
			String command;
			while ((command = in.readLine()) != null) {
				String verb = command.split("[ :]", 2)[0].toUpperCase(Locale.ROOT);
				switch (verb) {
					case "EHLO" -> reply(out, (this.authReply != null)
							? "250-fake.smtp\r\n250-AUTH PLAIN LOGIN\r\n250 HELP" : "250-fake.smtp\r\n250 HELP");
					case "HELO" -> reply(out, "250 fake.smtp");
					case "AUTH" -> authenticate(command, in, out);
					case "MAIL" -> reply(out, this.mailReply);
					case "RCPT" -> reply(out, this.rcptReply);
					case "DATA" -> {
						String dataReply = this.dataReply;
						reply(out, dataReply);
						if (dataReply.startsWith("354")) {
							this.messages.add(readData(in));
							awaitEndOfData();
							String endOfDataReply = this.endOfDataReply;
							if (endOfDataReply == null) {
								return;
							}
							reply(out, endOfDataReply);
						}
					}
					case "QUIT" -> {
						reply(out, "221 2.0.0 Bye");
						return;
					}
					default -> reply(out, "250 2.0.0 Ok");
				}
			}
		}
		catch (IOException ex) {
			// the client hung up, or the server was closed
		}
		finally {
			this.connections.remove(connection);
		}
	}

	/**
	 * A slow relay's delay, or a test's gate: the server's own pace, not a test waiting.
	 */
	private void awaitEndOfData() throws IOException {
		this.waitingAtEndOfData.incrementAndGet();
		try {
			if (!this.endOfDataGate.await(1, TimeUnit.MINUTES)) {
				throw new IOException("end of data held for a minute");
			}
			long delay = this.endOfDataDelay.toNanos();
			if (delay > 0) {
				Thread.sleep(delay / 1_000_000, (int) (delay % 1_000_000));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
		finally {
			this.waitingAtEndOfData.decrementAndGet();
		}
	}

	/**
	 * Prompts for what the mechanism still needs ({@code AUTH LOGIN}: user name and
	 * password; {@code AUTH PLAIN} without an initial response: the credentials), then
	 * sends the scripted reply.
	 */
	private void authenticate(String command, BufferedReader in, Writer out) throws IOException {
		String[] words = command.split(" ");
		int prompts = (words.length > 2) ? 0 : "LOGIN".equalsIgnoreCase(words[1]) ? 2 : 1;
		for (int i = 0; i < prompts; i++) {
			reply(out, "334 ");
			if (in.readLine() == null) {
				return;
			}
		}
		reply(out, this.authReply);
	}

	private static String readData(BufferedReader in) throws IOException {
		StringBuilder data = new StringBuilder();
		String line;
		while ((line = in.readLine()) != null && !line.equals(".")) {
			data.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
		}
		return data.toString();
	}

	private static void reply(Writer out, @Nullable String reply) throws IOException {
		out.write(reply + "\r\n");
		out.flush();
	}

	private static Thread daemon(String name, Runnable action) {
		Thread thread = new Thread(action, name);
		thread.setDaemon(true);
		return thread;
	}

	/**
	 * A Spring mail sender for an SMTP server on 127.0.0.1, with short timeouts for
	 * tests.
	 * @param port the server's port
	 * @param username the user name, or {@code null} for none
	 * @param password the password, or {@code null}
	 * @return the sender
	 */
	public static org.springframework.mail.javamail.JavaMailSenderImpl mailSender(int port,
			@org.jspecify.annotations.Nullable String username, @org.jspecify.annotations.Nullable String password) {
		org.springframework.mail.javamail.JavaMailSenderImpl sender = new org.springframework.mail.javamail.JavaMailSenderImpl();
		sender.setHost("127.0.0.1");
		sender.setPort(port);
		sender.setUsername(username);
		sender.setPassword(password);
		java.util.Properties properties = new java.util.Properties();
		properties.setProperty("mail.smtp.connectiontimeout", "5000");
		properties.setProperty("mail.smtp.timeout", "5000");
		properties.setProperty("mail.smtp.writetimeout", "5000");
		sender.setJavaMailProperties(properties);
		return sender;
	}

}
