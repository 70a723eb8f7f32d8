package dev.longhaul.web;

import java.util.List;

import dev.longhaul.validation.Violation;

/**
 * A request that breaks the rules; answered with 400 and the list of violations, and
 * nothing is stored.
 */
public class InvalidRequestException extends RuntimeException {

	private final List<Violation> violations;

	public InvalidRequestException(List<Violation> violations) {
		super("Invalid request: " + violations);
		this.violations = List.copyOf(violations);
	}

	public InvalidRequestException(String field, String message) {
		this(List.of(new Violation(field, message)));
	}

	public List<Violation> violations() {
		return this.violations;
	}

}
