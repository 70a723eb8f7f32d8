package dev.longhaul.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of text, as lowercase hex: request hashes for idempotency keys, cache keys for
 * checked credentials.
 */
public final class Sha256 {

	private Sha256() {
	}

	/**
	 * The SHA-256 of the UTF-8 bytes of a text.
	 * @param value the text
	 * @return 64 lowercase hex digits
	 */
	public static String hex(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			// every Java platform must provide SHA-256
			throw new IllegalStateException(ex);
		}
	}

}
