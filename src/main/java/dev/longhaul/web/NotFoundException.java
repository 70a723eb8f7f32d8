package dev.longhaul.web;

/**
 * A resource that does not exist, as a controller finds; answered with 404.
 */
public class NotFoundException extends RuntimeException {

	public NotFoundException(String message) {
		super(message);
	}

}
