package dev.longhaul.email;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded SMTP sink and its mailbox run only in development mode without an SMTP
 * server.
 */
class DevMailConditionTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(EmailConfiguration.DevMail.class, DevMailboxController.class);

	@Test
	void devSmtpSinkRunsWhenNoSmtpServerIsConfigured() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(DevMailServer.class));
	}

	@Test
	void devSmtpSinkDoesNotRunWhenAnSmtpServerIsConfigured() {
		this.runner.withPropertyValues("spring.mail.host=smtp.example.com")
			.run((context) -> assertThat(context).doesNotHaveBean(DevMailServer.class));
	}

	@ParameterizedTest
	@ValueSource(strings = { "prod", "production", "postgres" })
	void devSmtpSinkNeverRunsUnderAProfile(String profile) {
		this.runner.withPropertyValues("spring.profiles.active=" + profile)
			.run((context) -> assertThat(context).doesNotHaveBean(DevMailServer.class)
				.doesNotHaveBean(DevMailboxController.class));
	}

	@Test
	void developmentModeIsTheSwitch() {
		this.runner.withPropertyValues("longhaul.dev-mode=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DevMailServer.class));
		this.runner.withPropertyValues("spring.profiles.active=postgres", "longhaul.dev-mode=true")
			.run((context) -> assertThat(context).hasSingleBean(DevMailServer.class));
	}

}
