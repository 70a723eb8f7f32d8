package dev.longhaul.email;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.jspecify.annotations.Nullable;

import dev.longhaul.queue.PersonalData;

/**
 * Email address rules and masking: one address per entry, RFC 5321 lengths, a display
 * name of at most {@value #MAX_DISPLAY_NAME} characters and an entry of at most
 * {@value #MAX_ENTRY}.
 */
public final class EmailAddresses {

	/** RFC 5321 4.5.3.1.1. */
	static final int MAX_LOCAL_PART = 64;

	/** RFC 5321 4.5.3.1.3, less the angle brackets of the path. */
	static final int MAX_ADDRESS = 254;

	/** Our own limit on the display name ({@code "Ada Lovelace"} of an entry). */
	static final int MAX_DISPLAY_NAME = 200;

	/**
	 * Our own limit on a whole entry, display name, address, quotes and comments: room
	 * for the longest display name and address, checked before parsing.
	 */
	static final int MAX_ENTRY = 512;

	private EmailAddresses() {
	}

	/**
	 * Why a value is not exactly one valid address, or {@code null} if it is one.
	 * @param value the value, such as {@code "Ada <ada@example.com>"}
	 * @return the problem, or {@code null}
	 */
	public static @Nullable String problem(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return "must not be empty";
		}
		if (hasControlCharacters(value)) {
			return "must not contain CR, LF or NUL";
		}
		if (value.length() > MAX_ENTRY) {
			return "must be at most " + MAX_ENTRY + " characters";
		}
		InternetAddress address;
		try {
			InternetAddress[] parsed = InternetAddress.parse(value, true);
			if (parsed.length != 1) {
				return "must hold exactly one address, not " + parsed.length;
			}
			address = new InternetAddress(value, true);
			if (address.isGroup()) {
				return "must be a single address, not a group";
			}
			address.validate();
		}
		catch (AddressException ex) {
			return "is not a valid address (" + ex.getMessage() + ")";
		}
		String spec = address.getAddress();
		int at = (spec != null) ? spec.lastIndexOf('@') : -1;
		if (at <= 0 || at == spec.length() - 1) {
			return "must be an address with a domain, such as name@example.com";
		}
		if (at > MAX_LOCAL_PART) {
			return "local part must be at most " + MAX_LOCAL_PART + " characters (RFC 5321)";
		}
		if (spec.length() > MAX_ADDRESS) {
			return "address must be at most " + MAX_ADDRESS + " characters (RFC 5321)";
		}
		String displayName = address.getPersonal();
		if (displayName != null && displayName.length() > MAX_DISPLAY_NAME) {
			return "display name must be at most " + MAX_DISPLAY_NAME + " characters";
		}
		return null;
	}

	static boolean hasControlCharacters(String value) {
		return value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0;
	}

	/**
	 * An address fit for logs: {@code a***@example.com}.
	 * @param value the address
	 * @return the masked address
	 */
	static String mask(String value) {
		String spec = value;
		try {
			spec = new InternetAddress(value).getAddress();
		}
		catch (AddressException ex) {
			// mask the raw value
		}
		int at = spec.lastIndexOf('@');
		if (at <= 0) {
			return "***";
		}
		return spec.charAt(0) + "***" + spec.substring(at);
	}

	/**
	 * Masks every address in a text, such as an SMTP reply that echoes the recipient.
	 * @param text the text
	 * @return the text with each address as {@code a***@example.com}
	 */
	static String maskAll(String text) {
		return PersonalData.maskAddresses(text);
	}

}
