package dev.longhaul.email;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class DevMailConditionTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(EmailConfiguration.DevMail.class);

	@Test
	void devSmtpSinkRunsWhenNoSmtpServerIsConfigured() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(DevMailServer.class));
	}

	@Test
	void devSmtpSinkDoesNotRunWhenAnSmtpServerIsConfigured() {
		this.runner.withPropertyValues("spring.mail.host=smtp.example.com")
			.run((context) -> assertThat(context).doesNotHaveBean(DevMailServer.class));
	}

	@Test
	void devSmtpSinkNeverRunsInTheProdProfile() {
		this.runner.withPropertyValues("spring.profiles.active=prod")
			.run((context) -> assertThat(context).doesNotHaveBean(DevMailServer.class));
	}

}
