package dev.longhaul.email;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.longhaul.validation.Violation;

/**
 * The rules an email must meet before it is stored: addresses (RFC 5321 lengths, exactly
 * one per entry), no CR, LF or NUL in anything that becomes a header, subject length, a
 * body, and the body size limit.
 */
final class EmailValidator {

	static final int MAX_RECIPIENTS = 50;

	static final int MAX_SUBJECT = 998;

	private final long maxBodyBytes;

	EmailValidator(long maxBodyBytes) {
		this.maxBodyBytes = maxBodyBytes;
	}

	/**
	 * Everything wrong with a request, each with its field.
	 * @param request the request
	 * @param prefix put before each field name, such as {@code [3].} in a batch
	 * @return the violations; empty when the request is valid
	 */
	List<Violation> validate(EmailRequest request, String prefix) {
		List<Violation> violations = new ArrayList<>();
		if (request.to() == null || request.to().isEmpty()) {
			violations.add(new Violation(prefix + "to", "must hold at least one address"));
		}
		addresses(request.to(), prefix + "to", violations);
		addresses(request.cc(), prefix + "cc", violations);
		addresses(request.bcc(), prefix + "bcc", violations);
		if (request.replyTo() != null) {
			address(request.replyTo(), prefix + "replyTo", violations);
		}
		if (request.subject() != null) {
			if (EmailAddresses.hasControlCharacters(request.subject())) {
				violations.add(new Violation(prefix + "subject", "must not contain CR, LF or NUL"));
			}
			if (request.subject().length() > MAX_SUBJECT) {
				violations.add(new Violation(prefix + "subject", "must be at most " + MAX_SUBJECT + " characters"));
			}
		}
		if (isBlank(request.text()) && isBlank(request.html())) {
			violations.add(new Violation(prefix + "text", "text or html is required"));
		}
		long bytes = bytes(request.text()) + bytes(request.html());
		if (bytes > this.maxBodyBytes) {
			violations.add(new Violation(prefix + ((request.text() != null) ? "text" : "html"),
					"text and html together are " + bytes + " bytes, more than the limit of " + this.maxBodyBytes));
		}
		if (hasNul(request.text())) {
			violations.add(new Violation(prefix + "text", "must not contain NUL"));
		}
		if (hasNul(request.html())) {
			violations.add(new Violation(prefix + "html", "must not contain NUL"));
		}
		return violations;
	}

	private static void addresses(@Nullable List<String> values, String field, List<Violation> violations) {
		if (values == null) {
			return;
		}
		if (values.size() > MAX_RECIPIENTS) {
			violations.add(new Violation(field, "must hold at most " + MAX_RECIPIENTS + " addresses"));
			return;
		}
		for (int i = 0; i < values.size(); i++) {
			address(values.get(i), field + "[" + i + "]", violations);
		}
	}

	private static void address(@Nullable String value, String field, List<Violation> violations) {
		String problem = EmailAddresses.problem(value);
		if (problem != null) {
			violations.add(new Violation(field, problem));
		}
	}

	private static boolean isBlank(@Nullable String value) {
		return value == null || value.isBlank();
	}

	private static long bytes(@Nullable String value) {
		return (value != null) ? value.getBytes(StandardCharsets.UTF_8).length : 0;
	}

	private static boolean hasNul(@Nullable String value) {
		return value != null && value.indexOf('\0') >= 0;
	}

}
