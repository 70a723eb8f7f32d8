package dev.longhaul.queue;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idempotency keys live in namespaces no other caller reaches.
 */
class IdempotencyKeyTest {

	@Test
	void theApplicationsKeysAndEachUsersKeysNeverMeet() {
		assertThat(IdempotencyKey.internal("dataset-7-report").stored())
			.isNotEqualTo(IdempotencyKey.ofUser("ops", "dataset-7-report").stored())
			.isNotEqualTo(IdempotencyKey.ofUser("internal", "dataset-7-report").stored());
		assertThat(IdempotencyKey.ofUser("ada", "k").stored()).isNotEqualTo(IdempotencyKey.ofUser("bob", "k").stored());
		assertThat(IdempotencyKey.ofUser("a:b", "c").stored()).as("a user name cannot shift the key")
			.isNotEqualTo(IdempotencyKey.ofUser("a", "b:c").stored());
		assertThat(IdempotencyKey.ofUser("ada", "k").stored()).isEqualTo(IdempotencyKey.ofUser("ada", "k").stored());
	}

	@Test
	void theCallerSeesItsKeyAsGivenAndTheLongestFitsTheColumn() {
		String longest = "k".repeat(200);

		IdempotencyKey key = IdempotencyKey.ofUser("a-rather-long-user-name@example.com", longest);

		assertThat(key.given()).isEqualTo(longest);
		assertThat(key.stored()).startsWith("user:").endsWith(":" + longest);
		assertThat(key.stored().length()).isLessThanOrEqualTo(IdempotencyKey.MAX_STORED_LENGTH);
	}

}
