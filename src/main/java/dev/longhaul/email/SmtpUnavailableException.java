package dev.longhaul.email;

/**
 * The SMTP server cannot be reached: the sender's round fails so that its worker backs
 * off, and its health says why.
 */
class SmtpUnavailableException extends RuntimeException {

	SmtpUnavailableException(String message) {
		super(message);
	}

}
