package dev.longhaul.processing.profile;

/**
 * Thrown when a file cannot be profiled as CSV at all: empty, binary, not UTF-8, or with
 * a record too long to be one (typically a quote that never closes).
 */
public class NotCsvException extends RuntimeException {

	NotCsvException(String message) {
		super(message);
	}

}
