package dev.longhaul.web;

/**
 * A request that does not fit the resource's current state, as a controller finds;
 * answered with 409.
 */
public class ConflictException extends RuntimeException {

	public ConflictException(String message) {
		super(message);
	}

}
