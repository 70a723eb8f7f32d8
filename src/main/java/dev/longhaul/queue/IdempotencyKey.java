package dev.longhaul.queue;

import org.springframework.util.Assert;

import dev.longhaul.config.Sha256;

/**
 * An idempotency key in its namespace. The {@code jobs} table keeps one key per queue for
 * every caller at once, so each key is stored with a prefix that says whose it is: the
 * application's own keys ({@link #internal}) in a namespace no API caller reaches, an
 * authenticated user's keys ({@link #ofUser}) in one of that user's own, as payment APIs
 * scope keys to an account. The same key from two users makes two jobs; one user
 * repeating a key gets the first job.
 * <p>
 * Namespaces cannot collide: {@code internal:} and {@code user:} differ in their first
 * letter, and a user's part is the 64 hex digits of the SHA-256 of the user name, so no
 * user name or key can reach into another namespace.
 */
public final class IdempotencyKey {

	/** The longest key stored: {@code user:}, 64 hex digits, {@code :} and 200 more. */
	public static final int MAX_STORED_LENGTH = 300;

	private final String stored;

	private final String given;

	private IdempotencyKey(String stored, String given) {
		Assert.isTrue(stored.length() <= MAX_STORED_LENGTH,
				() -> "An idempotency key is stored in at most " + MAX_STORED_LENGTH + " characters");
		this.stored = stored;
		this.given = given;
	}

	/**
	 * A key of the application's own, such as the one of a dataset's completion email.
	 * @param key the key, unique among the application's keys of the queue
	 * @return the key, stored as {@code internal:<key>}
	 */
	public static IdempotencyKey internal(String key) {
		Assert.hasText(key, "key must not be empty");
		return new IdempotencyKey("internal:" + key, key);
	}

	/**
	 * A key an authenticated user gave (an {@code Idempotency-Key} header).
	 * @param user the user's name
	 * @param key the key as the user gave it
	 * @return the key, stored as {@code user:<sha256 of the user name>:<key>}
	 */
	public static IdempotencyKey ofUser(String user, String key) {
		Assert.hasText(key, "key must not be empty");
		return new IdempotencyKey("user:" + Sha256.hex(user) + ":" + key, key);
	}

	/**
	 * The key as the {@code jobs} table stores it.
	 * @return the key with its namespace
	 */
	public String stored() {
		return this.stored;
	}

	/**
	 * The key as its caller gave it, for messages to that caller.
	 * @return the key without its namespace
	 */
	public String given() {
		return this.given;
	}

	@Override
	public String toString() {
		return this.stored;
	}

}
