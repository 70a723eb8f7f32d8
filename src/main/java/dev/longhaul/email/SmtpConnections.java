package dev.longhaul.email;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.mail.MessagingException;
import org.jspecify.annotations.Nullable;

/**
 * One SMTP connection per sending thread, kept open across emails: opened on the thread's
 * first email, checked with a {@code NOOP} before use after a second idle (servers drop
 * idle connections), dropped after a failure (the next email reconnects), and closed when
 * the thread ends (its executor stops it after a while without work).
 * <p>
 * Thread-safe; each connection is used by its own thread only.
 */
final class SmtpConnections {

	private static final long CHECK_AFTER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final SmtpConnector connector;

	private final ThreadLocal<@Nullable Held> current = new ThreadLocal<>();

	private final Set<Held> open = ConcurrentHashMap.newKeySet();

	SmtpConnections(SmtpConnector connector) {
		this.connector = connector;
	}

	/**
	 * This thread's connection, opened if it has none or lost it.
	 * @return the open connection
	 * @throws MessagingException if the server is unreachable, refuses us, or rejects the
	 * credentials
	 */
	SmtpConnector.Connection current() throws MessagingException {
		Held held = this.current.get();
		long now = System.nanoTime();
		if (held != null && now - held.lastUsed > CHECK_AFTER_IDLE_NANOS && !held.connection.isConnected()) {
			closeCurrent();
			held = null;
		}
		if (held == null) {
			held = new Held(this.connector.open());
			this.current.set(held);
			this.open.add(held);
		}
		held.lastUsed = now;
		return held.connection;
	}

	/** Drops this thread's connection after a failure: the next email reconnects. */
	void discard() {
		closeCurrent();
	}

	/** Closes this thread's connection, if it has one. */
	void closeCurrent() {
		Held held = this.current.get();
		if (held != null) {
			this.current.remove();
			this.open.remove(held);
			held.connection.close();
		}
	}

	/**
	 * How many connections are open now, over all threads.
	 * @return the count
	 */
	int open() {
		return this.open.size();
	}

	private static final class Held {

		private final SmtpConnector.Connection connection;

		private long lastUsed;

		Held(SmtpConnector.Connection connection) {
			this.connection = connection;
		}

	}

}
