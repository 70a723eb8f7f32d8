package dev.longhaul.queue;

import java.util.List;

import dev.longhaul.validation.Violation;

/**
 * Filter parameters of the job explorer that break their rules, each named.
 */
final class InvalidJobFilterException extends RuntimeException {

	private final List<Violation> violations;

	InvalidJobFilterException(List<Violation> violations) {
		super("Invalid job filter: " + violations);
		this.violations = List.copyOf(violations);
	}

	/**
	 * What is wrong, one violation per parameter.
	 * @return the violations, one or more
	 */
	List<Violation> violations() {
		return this.violations;
	}

}
