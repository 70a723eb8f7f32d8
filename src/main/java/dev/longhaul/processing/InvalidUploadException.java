package dev.longhaul.processing;

import java.util.List;

import dev.longhaul.validation.Violation;

/**
 * An upload whose parameters break a rule (its name, delimiter or whom to notify);
 * nothing was stored.
 */
final class InvalidUploadException extends RuntimeException {

	private final Violation violation;

	InvalidUploadException(String field, String message) {
		super("Invalid upload: " + field + " " + message);
		this.violation = new Violation(field, message);
	}

	/**
	 * What is wrong.
	 * @return the violation, the first one found
	 */
	List<Violation> violations() {
		return List.of(this.violation);
	}

}
