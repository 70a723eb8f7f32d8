package dev.longhaul.web;

import java.util.List;

import dev.longhaul.validation.Violation;

/**
 * A request a controller refuses itself (a parameter or header it reads) because it
 * breaks the rules; answered with 400 and the list of violations, and nothing is stored.
 * A feature refuses its input with an exception of its own, which its controller answers.
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
