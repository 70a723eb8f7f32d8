package dev.longhaul.email;

import java.util.List;

import dev.longhaul.validation.Violation;

/**
 * An email the outbox refuses because it breaks one or more rules; nothing was stored.
 */
public final class InvalidEmailException extends RuntimeException {

	private final List<Violation> violations;

	InvalidEmailException(List<Violation> violations) {
		// The message is what a dataset's failed job records when its completion email is
		// refused; worded as before this exception had a name of its own.
		super("Invalid request: " + violations);
		this.violations = List.copyOf(violations);
	}

	/**
	 * What is wrong, each with its field (prefixed with the email's index in a batch).
	 * @return the violations, one or more
	 */
	public List<Violation> violations() {
		return this.violations;
	}

}
