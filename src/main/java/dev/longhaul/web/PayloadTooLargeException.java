package dev.longhaul.web;

/**
 * A request body over its limit; answered with 413, and nothing is kept.
 */
public class PayloadTooLargeException extends RuntimeException {

	public PayloadTooLargeException(String message) {
		super(message);
	}

}
