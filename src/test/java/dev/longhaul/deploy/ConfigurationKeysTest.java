package dev.longhaul.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented-key check that the deployment files' environment variables go through:
 * relaxed binding from the variable to the key, map and list keys as prefixes, the
 * README's tables for keys documented there only, and a misspelling refused.
 */
class ConfigurationKeysTest {

	@Test
	void variablesOfKeysInTheClassPathsMetadataAreDocumented() {
		ConfigurationKeys keys = ConfigurationKeys.load(Path.of("README.md"));

		assertThat(keys.undocumented(List.of("SPRING_DATASOURCE_URL", "SPRING_PROFILES_ACTIVE", "SPRING_MAIL_HOST",
				"SPRING_SECURITY_USER_ROLES", "LONGHAUL_DEV_MODE", "LONGHAUL_EMAIL_CONNECTIONS",
				"LONGHAUL_EMAIL_REQUIRE_STARTTLS", "LONGHAUL_SECURITY_USERS_0_NAME", "LONGHAUL_SECURITY_USERS_12_ROLE",
				"LONGHAUL_WORKERS_RETENTION_CRON", "SPRING_MAIL_PROPERTIES_MAIL_SMTP_TIMEOUT", "longhaul_email_from")))
			.isEmpty();
	}

	@Test
	void misspelledVariablesAreNotDocumented() {
		ConfigurationKeys keys = ConfigurationKeys.load(Path.of("README.md"));

		assertThat(keys.undocumented(List.of("LONGHAUL_EMAIL_CONECTIONS", "SPRING_DATASOURCE_URLS",
				"LONGHAUL_SECURITY_USER_0_NAME", "LONGHAUL_EMAIL", "SPRING_MAIL_HOSTNAME", "JAVA_TOOL_OPTIONS")))
			.containsExactly("LONGHAUL_EMAIL_CONECTIONS", "SPRING_DATASOURCE_URLS", "LONGHAUL_SECURITY_USER_0_NAME",
					"LONGHAUL_EMAIL", "SPRING_MAIL_HOSTNAME", "JAVA_TOOL_OPTIONS");
	}

	@Test
	void keysOfTheReadmesConfigurationTablesCountWithTheirShortAndPlaceholderForms(@TempDir Path directory)
			throws IOException {
		Path readme = directory.resolve("README.md");
		Files.writeString(readme, """
				## Configuration

				| property | default | meaning |
				|---|---|---|
				| `longhaul.only.here` | `1` | a key typed nowhere else |
				| `longhaul.pair.first`, `second`, `.third` | – | relative to the first key's parent |
				| `longhaul.things[i].name` | – | a list |
				| `longhaul.per-type.<type>.*` | – | a map |
				| `spring.mail.properties[mail.a]`, `[mail.b]` | – | map entries |

				## Elsewhere

				| `longhaul.not.configuration` | – | another section |
				""");
		ConfigurationKeys keys = ConfigurationKeys.load(readme);

		assertThat(keys.undocumented(List.of("LONGHAUL_ONLY_HERE", "LONGHAUL_PAIR_FIRST", "LONGHAUL_PAIR_SECOND",
				"LONGHAUL_PAIR_THIRD", "LONGHAUL_THINGS_0_NAME", "LONGHAUL_PER_TYPE_EMAIL_QUEUE")))
			.isEmpty();
		assertThat(keys.documents("LONGHAUL_NOT_CONFIGURATION")).isFalse();
		assertThat(keys.documents("LONGHAUL_ONLY")).isFalse();
	}

	@Test
	void environmentFormFollowsRelaxedBinding() {
		assertThat(ConfigurationKeys.environmentForm("longhaul.email.require-starttls"))
			.isEqualTo("LONGHAUL_EMAIL_REQUIRE_STARTTLS");
		assertThat(ConfigurationKeys.environmentForm("spring.mail.properties[mail.smtp.timeout]"))
			.isEqualTo("SPRING_MAIL_PROPERTIES_MAIL_SMTP_TIMEOUT");
		assertThat(ConfigurationKeys.of(List.of(), List.of("longhaul.security.users"))
			.documents("LONGHAUL_SECURITY_USERS_0_PASSWORD")).isTrue();
		assertThat(ConfigurationKeys.of(List.of("longhaul.security.users"), List.of())
			.documents("LONGHAUL_SECURITY_USERS_0_PASSWORD")).isFalse();
	}

}
