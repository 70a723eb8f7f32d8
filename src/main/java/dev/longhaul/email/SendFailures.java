package dev.longhaul.email;

import java.io.IOException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailSendException;

/**
 * Classifies SMTP failures by reply code, walking the cause chain, Jakarta Mail's
 * next-exception chain and {@link MailSendException#getFailedMessages()}: 5xx is
 * permanent; 4xx is temporary (a 450 too, although Jakarta Mail reports it as "Invalid
 * Addresses"); rejected credentials, a server without the STARTTLS that
 * {@code longhaul.email.require-starttls} requires and an untrusted TLS certificate are
 * configuration errors; no connection, or a 421 greeting, means the server is
 * unavailable; a connection that fails in the middle of a message is ambiguous.
 */
final class SendFailures {

	/**
	 * Replies about authentication (RFC 4954): 530 required, 534 mechanism too weak, 535
	 * credentials invalid, 538 encryption required. Whatever the command, they mean the
	 * configuration is wrong, not the email.
	 */
	private static final Set<Integer> AUTHENTICATION_CODES = Set.of(530, 534, 535, 538);

	/**
	 * How Jakarta Mail (Angus) starts the message of a connection refused because
	 * STARTTLS is required and the server does not offer it; no exception type or reply
	 * code tells it.
	 */
	private static final String STARTTLS_REQUIRED = "STARTTLS is required";

	private SendFailures() {
	}

	/**
	 * Classifies a failure.
	 * @param failure what was thrown
	 * @param connected whether a connection to the server was open when it happened
	 * @return the outcome
	 */
	static SendOutcome classify(Throwable failure, boolean connected) {
		List<Throwable> chain = chain(failure);
		String reason = reason(failure);
		for (Throwable cause : chain) {
			if (cause instanceof AuthenticationFailedException || cause instanceof MailAuthenticationException) {
				return new SendOutcome.Misconfigured("SMTP authentication failed: " + reason);
			}
			if (cause instanceof MessagingException && cause.getMessage() != null
					&& cause.getMessage().startsWith(STARTTLS_REQUIRED)) {
				return new SendOutcome.Misconfigured("SMTP server does not offer STARTTLS, which "
						+ "longhaul.email.require-starttls requires: " + reason(cause));
			}
			if (cause instanceof CertificateException) {
				return new SendOutcome.Misconfigured("SMTP server's TLS certificate is not trusted: " + reason(cause));
			}
		}
		for (Throwable cause : chain) {
			int code = replyCode(cause);
			if (AUTHENTICATION_CODES.contains(code)) {
				return new SendOutcome.Misconfigured("SMTP authentication failed: " + reason(cause));
			}
			if (code >= 500 && code < 600) {
				return new SendOutcome.Rejected(reason(cause));
			}
			if (code >= 400 && code < 500) {
				return (connected || code != 421) ? new SendOutcome.RetryLater(reason(cause), false)
						: new SendOutcome.ServerUnavailable(reason(cause));
			}
		}
		if (!connected) {
			return new SendOutcome.ServerUnavailable(reason);
		}
		boolean io = chain.stream().anyMatch((cause) -> cause instanceof IOException);
		boolean noReply = chain.stream().anyMatch((cause) -> replyCode(cause) == -1);
		return new SendOutcome.RetryLater(reason, io || noReply);
	}

	private static int replyCode(Throwable cause) {
		if (cause instanceof SMTPAddressFailedException address) {
			return address.getReturnCode();
		}
		if (cause instanceof SMTPSendFailedException send) {
			return send.getReturnCode();
		}
		return 0;
	}

	private static List<Throwable> chain(Throwable failure) {
		List<Throwable> chain = new ArrayList<>();
		Map<Throwable, Boolean> seen = new IdentityHashMap<>();
		List<Throwable> todo = new ArrayList<>(List.of(failure));
		while (!todo.isEmpty()) {
			Throwable next = todo.remove(0);
			if (next == null || seen.put(next, true) != null) {
				continue;
			}
			chain.add(next);
			todo.add(next.getCause());
			if (next instanceof MessagingException messaging) {
				todo.add(messaging.getNextException());
			}
			if (next instanceof MailSendException send) {
				todo.addAll(send.getFailedMessages().values());
			}
		}
		return chain;
	}

	private static String reason(Throwable failure) {
		String message = failure.getMessage();
		String reason = (message != null) ? message.strip().replaceAll("\\s+", " ") : failure.getClass().getName();
		return (reason.length() > 500) ? reason.substring(0, 500) : reason;
	}

}
