package dev.longhaul.email;

import java.util.Locale;

/**
 * What became of one email handed to the SMTP server. Callers switch on {@link #kind()}
 * and read what they need from {@link #reason()} and {@link #ambiguous()}, without
 * testing types.
 */
sealed interface SendOutcome {

	/**
	 * Which outcome this is, for an exhaustive {@code switch} on Java 17.
	 * @return the kind
	 */
	Kind kind();

	/**
	 * What the server said, for people.
	 * @return the reason or, once sent, the Message-ID
	 */
	String reason();

	/**
	 * Whether the connection failed while the message was in flight, so the email may
	 * have been delivered; only a {@link RetryLater} can be.
	 * @return whether the email may have been delivered despite the failure
	 */
	default boolean ambiguous() {
		return false;
	}

	/**
	 * The server accepted it.
	 *
	 * @param messageId its Message-ID
	 */
	record Sent(String messageId) implements SendOutcome {

		@Override
		public Kind kind() {
			return Kind.SENT;
		}

		@Override
		public String reason() {
			return this.messageId;
		}

	}

	/**
	 * A temporary failure (a 4xx reply, a dropped connection): try again later.
	 * {@code ambiguous} when the connection failed while the message was in flight, so it
	 * may have been delivered; the retry carries the same Message-ID.
	 *
	 * @param reason the server's reply or the error
	 * @param ambiguous whether the email may have been delivered
	 */
	record RetryLater(String reason, boolean ambiguous) implements SendOutcome {

		@Override
		public Kind kind() {
			return Kind.RETRY_LATER;
		}

	}

	/**
	 * A permanent failure (a 5xx reply, an unusable message): do not try again.
	 *
	 * @param reason the server's reply or the error
	 */
	record Rejected(String reason) implements SendOutcome {

		@Override
		public Kind kind() {
			return Kind.REJECTED;
		}

	}

	/**
	 * No connection to the server (refused, timed out, a 421 greeting): no fault of the
	 * email, which keeps its tries.
	 *
	 * @param reason the error
	 */
	record ServerUnavailable(String reason) implements SendOutcome {

		@Override
		public Kind kind() {
			return Kind.SERVER_UNAVAILABLE;
		}

	}

	/**
	 * The server rejected our credentials: a configuration error that retrying cannot
	 * fix.
	 *
	 * @param reason the error
	 */
	record Misconfigured(String reason) implements SendOutcome {

		@Override
		public Kind kind() {
			return Kind.MISCONFIGURED;
		}

	}

	/**
	 * The kinds of outcome.
	 */
	enum Kind {

		/** {@link Sent}. */
		SENT,

		/** {@link RetryLater}. */
		RETRY_LATER,

		/** {@link Rejected}. */
		REJECTED,

		/** {@link ServerUnavailable}. */
		SERVER_UNAVAILABLE,

		/** {@link Misconfigured}. */
		MISCONFIGURED;

		private final String tag = name().toLowerCase(Locale.ROOT);

		/**
		 * The kind as the {@code outcome} tag value of the {@code longhaul.email.smtp}
		 * observation: its name in lower case.
		 * @return the tag value
		 */
		String tag() {
			return this.tag;
		}

	}

}
