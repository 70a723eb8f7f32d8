package dev.longhaul.web;

import java.io.IOException;

/**
 * A request body read past its limit; {@link RequestSizeLimit} and
 * {@link ApiExceptionHandler} answer it with 413.
 */
final class BodyTooLargeException extends IOException {

	BodyTooLargeException(String message) {
		super(message);
	}

}
